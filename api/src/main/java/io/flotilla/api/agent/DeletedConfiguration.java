package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A delete the service recorded (a confirmed or a forced one) and still remembers: the agent
 * removes a FluxConfig whose {@code spec.resourceId} is {@code resourceId}, should one be (or come
 * back) in the cluster. {@code deletedAt} is an ISO-8601 instant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeletedConfiguration(String resourceId, String name, String deletedAt) {}
