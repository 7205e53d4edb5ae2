package io.flotilla.server.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.SystemData;
import io.flotilla.server.assignment.ClusterSelector;
import java.util.List;

/**
 * The ARM resource {@code Microsoft.KubernetesConfiguration/fluxConfigurationAssignments/rollouts}:
 * a template revision of an assignment taken to its clusters wave by wave (docs/assignments.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rollout(
    String id, String name, String type, SystemData systemData, Properties properties) {
  public static final String TYPE =
      "Microsoft.KubernetesConfiguration/fluxConfigurationAssignments/rollouts";

  /** A rollout of a plain configuration change across clusters (docs/assignments.md). */
  public static final String CONFIGURATION_TYPE =
      "Microsoft.KubernetesConfiguration/fluxConfigurationRollouts";

  /**
   * What the user gives ({@code targetRevision}, {@code waves}, {@code rollbackOnFailure}; for a
   * configuration rollout {@code configurationName} and {@code patch} instead of {@code
   * targetRevision}) and what the service reports (the rest, read-only).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Properties(
      String configurationName,
      JsonNode patch,
      Long targetRevision,
      Boolean rollbackOnFailure,
      List<Wave> waves,
      Long baseRevision,
      String provisioningState,
      Status status) {}

  /**
   * One wave: its clusters by ARM id or name ({@code clusters}) or by tags ({@code
   * clusterSelector}); how many may be updating at once ({@code maxUnavailable}: a count or a
   * percentage of the wave); how long it must stay Compliant before the next wave starts.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Wave(
      String name,
      List<String> clusters,
      ClusterSelector clusterSelector,
      JsonNode maxUnavailable,
      Long bakeTimeInSeconds) {}

  /** Where the rollout is; {@code failure} says which cluster stopped it, in which state. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      String state,
      String currentWave,
      String message,
      Failure failure,
      String lastEvaluatedAt,
      String pausedAt,
      List<WaveStatus> waves) {}

  /**
   * One wave's progress. While the rollout is paused a baking wave has no {@code bakeEndsAt} (its
   * bake clock stands still); {@code bakeRemainingInSeconds} says what is left of its bake.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WaveStatus(
      String name,
      String state,
      String startedAt,
      String bakeStartedAt,
      String bakeEndsAt,
      Long bakeRemainingInSeconds,
      String completedAt,
      List<ClusterStatus> clusters) {}

  /**
   * One cluster of a wave: the revision its configuration was last written from ({@code revision}),
   * the one it is meant to have now ({@code desiredRevision}) and how it is doing; {@code
   * rollbackSkipped}: why a rollback left its configuration as it is (changed by someone else since
   * the rollout wrote it); {@code rebased} (a configuration rollout's): the configuration was
   * changed between the rollout's creation and its wave, which applied the patch to it as it was
   * (which fields, by whom, and those the patch overrode), or could not.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterStatus(
      String clusterId,
      Long revision,
      long desiredRevision,
      String provisioningState,
      String complianceState,
      String health,
      String rollbackSkipped,
      String rebased) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Failure(
      String wave,
      String clusterId,
      String provisioningState,
      String complianceState,
      String message) {}
}
