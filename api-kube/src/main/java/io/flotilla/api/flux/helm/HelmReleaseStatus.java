package io.flotilla.api.flux.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.kustomize.ResourceInventory;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/**
 * {@code HelmRelease.status} (v2). {@code observedCommonMetadataDigest} and {@code
 * observedPostRenderersDigest} tell a change of rendering apart from a change of chart or values.
 * {@code history} holds the newest release first; {@code lastReleaseRevision} is the v2beta1 field
 * older objects still carry. {@code helmChart} is {@code <namespace>/<name>} of the generated
 * HelmChart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HelmReleaseStatus(
    Long observedGeneration,
    List<Condition> conditions,
    String lastHandledReconcileAt,
    String lastHandledForceAt,
    String lastHandledResetAt,
    String observedPostRenderersDigest,
    String observedCommonMetadataDigest,
    Long lastAttemptedGeneration,
    String helmChart,
    String storageNamespace,
    List<Snapshot> history,
    String lastAttemptedReleaseAction,
    Long failures,
    Long installFailures,
    Long upgradeFailures,
    String lastAttemptedRevision,
    String lastAttemptedRevisionDigest,
    String lastAttemptedValuesChecksum,
    String lastAttemptedConfigDigest,
    Long lastReleaseRevision,
    ResourceInventory inventory)
    implements FluxStatus {

  /** One release in {@code history}: Helm's release number is {@code version}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Snapshot(
      String apiVersion,
      String digest,
      Long version,
      String status,
      String name,
      String namespace,
      String chartName,
      String chartVersion,
      String appVersion,
      String configDigest,
      String firstDeployed,
      String lastDeployed,
      String deleted,
      String ociDigest,
      String action,
      java.util.Map<String, TestHookStatus> testHooks) {}

  /**
   * A test hook as observed to run: {@code testHooks} present and empty means tested without hooks;
   * absent means not tested yet.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TestHookStatus(String lastStarted, String lastCompleted, String phase) {}
}
