package io.flotilla.api.gitops;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/**
 * {@code GitopsCluster.status}: {@code Ready}, {@code ClusterConnectivity} and, when annotated,
 * {@code ClusterProvisioned}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitopsClusterStatus(List<Condition> conditions) {}
