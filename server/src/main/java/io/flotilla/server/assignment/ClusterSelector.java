package io.flotilla.server.assignment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Clusters whose tags hold every one of {@code matchTags} (exact values): an assignment's scope and
 * a rollout wave's clusters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSelector(Map<String, String> matchTags) {}
