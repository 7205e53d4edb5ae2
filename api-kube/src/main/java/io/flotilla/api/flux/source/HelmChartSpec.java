package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * {@code HelmChart.spec}: {@code chart} is a chart name for a HelmRepository and a path inside the
 * artifact for a GitRepository or Bucket; {@code version} is a semver range ({@code *} = latest
 * stable).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HelmChartSpec(
    @Required String chart,
    @Default("\"*\"") String version,
    @Required SourceReference sourceRef,
    @Required @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$") String interval,
    @Default("\"ChartVersion\"") ReconcileStrategy reconcileStrategy,
    List<String> valuesFiles,
    Boolean ignoreMissingValuesFiles,
    Boolean suspend,
    @PreserveUnknownFields JsonNode verify)
    implements SourceSpec {

  /** Flux's default when {@code version} is unset: the latest stable version. */
  public static final String DEFAULT_VERSION = "*";

  /** {@code spec.sourceRef}: an object in the same namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SourceReference(String apiVersion, @Required Kind kind, @Required String name) {}

  /** The kinds a HelmChart can come from. */
  public enum Kind {
    HelmRepository,
    GitRepository,
    Bucket
  }

  /** {@code spec.reconcileStrategy}: when a chart from Git or a Bucket gets a new revision. */
  public enum ReconcileStrategy {
    @JsonProperty("ChartVersion")
    CHART_VERSION,
    @JsonProperty("Revision")
    REVISION
  }
}
