package io.flotilla.api.flux.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.KubeConfigReference;
import java.util.List;
import java.util.Map;

/**
 * {@code HelmRelease.spec} (v2). Exactly one of {@code chart} (a HelmChart template) and {@code
 * chartRef} (an OCIRepository, HelmChart or ExternalArtifact) says where the chart comes from.
 * Free-form parts ({@code values}, {@code postRenderers}, …) are kept as JSON trees so that the CRD
 * preserves them untyped, as Flux's does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))",
    message = "either chart or chartRef must be set")
public record HelmReleaseSpec(
    HelmChartTemplate chart,
    CrossNamespaceSourceReference chartRef,
    String interval,
    KubeConfigReference kubeConfig,
    Boolean suspend,
    // Helm's limit on release names; Flux's CRD refuses longer ones at admission
    @Size(min = 1, max = 53) String releaseName,
    @Size(min = 1, max = 63) String targetNamespace,
    @Size(min = 1, max = 63) String storageNamespace,
    List<DependencyReference> dependsOn,
    String timeout,
    Long maxHistory,
    String serviceAccountName,
    Boolean persistentClient,
    DriftDetection driftDetection,
    Install install,
    Upgrade upgrade,
    Test test,
    Rollback rollback,
    Uninstall uninstall,
    List<ValuesReference> valuesFrom,
    @PreserveUnknownFields JsonNode values,
    @PreserveUnknownFields JsonNode postRenderers,
    CommonMetadata commonMetadata) {

  /** {@code spec.chart}: the HelmChart the helm-controller generates for this release. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record HelmChartTemplate(CommonMetadata metadata, HelmChartTemplateSpec spec) {}

  /**
   * {@code spec.chart.spec}: {@code chart} is a chart name for a HelmRepository and a path for a
   * GitRepository or Bucket.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record HelmChartTemplateSpec(
      String chart,
      String version,
      CrossNamespaceObjectReference sourceRef,
      String interval,
      String reconcileStrategy,
      List<String> valuesFiles,
      Boolean ignoreMissingValuesFiles,
      @PreserveUnknownFields JsonNode verify) {}

  /** A HelmRepository, GitRepository or Bucket, in the release's namespace unless set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CrossNamespaceObjectReference(
      String apiVersion, String kind, String name, String namespace) {}

  /** {@code spec.chartRef}: an OCIRepository, HelmChart or ExternalArtifact. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CrossNamespaceSourceReference(
      String apiVersion, String kind, String name, String namespace) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CommonMetadata(Map<String, String> labels, Map<String, String> annotations) {}

  /** {@code valuesFrom[]}: a ConfigMap or Secret key merged into the values in order. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ValuesReference(
      String kind,
      String name,
      String valuesKey,
      String targetPath,
      Boolean optional,
      Boolean literal) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DriftDetection(String mode, List<IgnoreRule> ignore) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record IgnoreRule(List<String> paths, @PreserveUnknownFields JsonNode target) {}

  /**
   * What {@code install} and {@code upgrade} both say of a release attempt: its timeout, how a
   * failure is remediated, which of Helm's waits and checks to skip, and the CRD policy.
   */
  public interface ReleaseAction {
    String timeout();

    Remediation remediation();

    Strategy strategy();

    Boolean disableWait();

    Boolean disableWaitForJobs();

    Boolean disableHooks();

    Boolean disableOpenAPIValidation();

    Boolean disableSchemaValidation();

    Boolean disableTakeOwnership();

    String crds();
  }

  /** {@code install}: how a missing release is installed and what happens when that fails. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Install(
      String timeout,
      Remediation remediation,
      Strategy strategy,
      Boolean disableWait,
      Boolean disableWaitForJobs,
      Boolean disableHooks,
      Boolean disableOpenAPIValidation,
      Boolean disableSchemaValidation,
      Boolean disableTakeOwnership,
      Boolean replace,
      Boolean skipCRDs,
      String crds,
      Boolean createNamespace,
      Boolean serverSideApply)
      implements ReleaseAction {}

  /** {@code upgrade}: how an out-of-date release is upgraded and what happens when that fails. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Upgrade(
      String timeout,
      Remediation remediation,
      Strategy strategy,
      Boolean disableWait,
      Boolean disableWaitForJobs,
      Boolean disableHooks,
      Boolean disableOpenAPIValidation,
      Boolean disableSchemaValidation,
      Boolean disableTakeOwnership,
      Boolean force,
      Boolean preserveValues,
      Boolean cleanupOnFail,
      String crds,
      String serverSideApply,
      ChartNameChangeStrategy chartNameChangeStrategy)
      implements ReleaseAction {}

  /**
   * {@code upgrade.chartNameChangeStrategy}: what a new chart name does to an installed release.
   * {@code Reinstall} (the default) uninstalls it and installs the new chart; {@code InPlaceUpdate}
   * upgrades the release to the new chart, keeping its objects and history.
   */
  public enum ChartNameChangeStrategy {
    @JsonProperty("Reinstall")
    REINSTALL,
    @JsonProperty("InPlaceUpdate")
    IN_PLACE_UPDATE
  }

  /**
   * {@code install.remediation} / {@code upgrade.remediation}: {@code retries} below zero means
   * forever; {@code strategy} (upgrade only) is {@code rollback} or {@code uninstall}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Remediation(
      Long retries, Boolean ignoreTestFailures, Boolean remediateLastFailure, String strategy) {}

  /** {@code RemediateOnFailure} (default) or {@code RetryOnFailure}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Strategy(String name, String retryInterval) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Test(
      Boolean enable,
      String timeout,
      Boolean ignoreFailures,
      @PreserveUnknownFields JsonNode filters) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Rollback(
      String timeout,
      Boolean disableWait,
      Boolean disableWaitForJobs,
      Boolean disableHooks,
      Boolean recreate,
      Boolean force,
      Boolean cleanupOnFail) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Uninstall(
      String timeout,
      Boolean disableHooks,
      Boolean keepHistory,
      Boolean disableWait,
      String deletionPropagation) {}
}
