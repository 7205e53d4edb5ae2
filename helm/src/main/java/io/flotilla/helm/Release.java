package io.flotilla.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One stored revision of a release, as Helm's {@code release.Release}: what the reconciler reads to
 * build HelmRelease {@code status.history} snapshots. {@code namespace} is the release's target
 * namespace and {@code storageNamespace} the one its record is stored in (they differ when a
 * HelmRelease sets targetNamespace); {@code config} holds the user-supplied values; {@code
 * manifest} the rendered objects without hooks.
 */
public record Release(
    String name,
    String namespace,
    int version,
    ReleaseStatus status,
    String description,
    Instant firstDeployed,
    Instant lastDeployed,
    Instant deleted,
    String chartName,
    String chartVersion,
    String appVersion,
    JsonNode config,
    String manifest,
    List<Hook> hooks,
    Labels labels,
    String storageNamespace) {

  /** A hook as Helm stores it; {@code lastRunPhase} is Succeeded, Failed, Running or Unknown. */
  public record Hook(
      String name,
      String kind,
      String path,
      List<String> events,
      int weight,
      List<String> deletePolicies,
      String lastRunPhase,
      Instant lastRunStarted,
      Instant lastRunCompleted) {}

  /** Extra labels on the storage object (Helm's {@code release.Labels}); may be empty. */
  public record Labels(java.util.Map<String, String> values) {}
}
