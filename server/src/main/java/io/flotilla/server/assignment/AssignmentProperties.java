package io.flotilla.server.assignment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.arm.FluxConfigurationProperties;
import java.util.List;

/**
 * {@code properties} of a {@code fluxConfigurationAssignments} resource: the configuration every
 * cluster in scope gets ({@code template}, with its protected settings, which are write-only),
 * which clusters ({@code clusterTypes}, {@code clusterSelector}) and how a hand edit is treated
 * ({@code driftPolicy}), and whether a new template revision reaches every cluster at once or only
 * through a rollout ({@code rolloutMode}). {@code revision}, {@code releasedRevision}, {@code
 * provisioningState} and {@code compliance} are read-only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AssignmentProperties(
    String configurationName,
    List<String> clusterTypes,
    ClusterSelector clusterSelector,
    String driftPolicy,
    Boolean clusterTagSubstitutions,
    String rolloutMode,
    FluxConfigurationProperties template,
    Long revision,
    Long releasedRevision,
    String provisioningState,
    Compliance compliance) {

  /**
   * How the configurations of the clusters in scope are doing, counted as Azure Policy's compliance
   * view does: {@code total} = clusters in scope, each counted once as compliant, nonCompliant,
   * pending or unknown; {@code drifted}: edited by hand since the assignment wrote them; {@code
   * upToDate}: written from the current revision of the template.
   */
  public record Compliance(
      int total,
      int compliant,
      int nonCompliant,
      int pending,
      int unknown,
      int drifted,
      int upToDate,
      List<String> conflicts) {}

  AssignmentProperties withStatus(long revision, long releasedRevision, Compliance compliance) {
    return new AssignmentProperties(
        configurationName,
        clusterTypes,
        clusterSelector,
        driftPolicy,
        clusterTagSubstitutions,
        rolloutMode,
        template == null ? null : template.withProtectedSettings(null),
        revision,
        releasedRevision,
        "Succeeded",
        compliance);
  }
}
