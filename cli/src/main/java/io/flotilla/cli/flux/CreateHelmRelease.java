package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.kustomize.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flux create helmrelease NAME --source Kind/name --chart … [--chart-version …]}. */
@Command(name = "helmrelease", aliases = "hr")
final class CreateHelmRelease extends NamedCreate {
  private static final List<String> SOURCE_KINDS =
      List.of("HelmRepository", "GitRepository", "Bucket");

  @Option(
      names = "--release-name",
      description =
          "name used for the Helm release, defaults to a composition of '[<target-namespace>-]<HelmRelease-name>'")
  String releaseName;

  @Option(
      names = "--source",
      description =
          "source that contains the chart in the format '<kind>/<name>.<namespace>', where kind must be one of: (HelmRepository, GitRepository, Bucket)")
  String source;

  @Option(names = "--chart", description = "Helm chart name or path")
  String chart;

  @Option(
      names = "--chart-version",
      description =
          "Helm chart version, accepts a semver range (ignored for charts from GitRepository sources)")
  String chartVersion;

  @Option(
      names = "--depends-on",
      split = ",",
      description =
          "HelmReleases that must be ready before this release can be installed, supported formats '<name>' and '<namespace>/<name>'")
  List<String> dependsOn = new ArrayList<>();

  @Option(
      names = "--target-namespace",
      description = "namespace to install this release, defaults to the HelmRelease namespace")
  String targetNamespace;

  @Option(
      names = "--create-target-namespace",
      description = "create the target namespace if it does not exist")
  boolean createNamespace;

  @Option(
      names = "--service-account",
      description =
          "the name of the service account to impersonate when reconciling this HelmRelease")
  String serviceAccount;

  @Option(
      names = "--reconcile-strategy",
      defaultValue = "ChartVersion",
      description =
          "the reconcile strategy for helm chart created by the helm release(accepted values: Revision and ChartRevision)")
  String reconcileStrategy;

  @Option(
      names = "--chart-interval",
      defaultValue = "0s",
      converter = FluxGroup.DurationConverter.class,
      description = "the interval of which to check for new chart versions")
  Duration chartInterval;

  @Option(
      names = "--values",
      split = ",",
      description = "local path to values.yaml files, also accepts comma-separated values")
  List<Path> valuesFiles = new ArrayList<>();

  @Option(
      names = "--values-from",
      split = ",",
      description =
          "a Kubernetes object reference that contains the values.yaml data key in the format '<kind>/<name>', where kind must be one of: (Secret,ConfigMap)")
  List<String> valuesFrom = new ArrayList<>();

  @Option(
      names = "--crds",
      description = "upgrade CRDs policy, available options are: (Skip, Create, CreateReplace)")
  String crds;

  @Mixin KubeConfigRef kubeConfig;

  @Override
  void run(Creation c) {
    Specs.require(chart, "chart name or path is required");
    References.Ref ref = References.source(source, null, SOURCE_KINDS, "helm chart");
    if (!c.create.export) {
      c.log().generate("generating HelmRelease");
    }
    if (!List.of("Revision", "ChartVersion").contains(reconcileStrategy)) {
      throw new FluxException(
          "'"
              + reconcileStrategy
              + "' is an invalid reconcile strategy(valid: Revision, ChartVersion)");
    }
    ObjectNode hr = c.object(FluxKind.HELM_RELEASE);
    ObjectNode spec = hr.putObject("spec");
    Specs.putIf(spec, "releaseName", releaseName);
    if (!dependsOn.isEmpty()) {
      spec.set("dependsOn", References.dependsOn(dependsOn));
    }
    spec.put("interval", GoDuration.format(c.create.interval));
    Specs.putIf(spec, "targetNamespace", targetNamespace);
    ObjectNode chartSpec = spec.putObject("chart").putObject("spec");
    chartSpec.put("chart", chart);
    Specs.putIf(chartSpec, "version", chartVersion);
    chartSpec.set("sourceRef", ref.toJson());
    chartSpec.put("reconcileStrategy", reconcileStrategy);
    if (!chartInterval.isZero()) {
      chartSpec.put("interval", GoDuration.format(chartInterval));
    }
    kubeConfig.writeTo(spec);
    if (createNamespace) {
      install(spec).put("createNamespace", true);
    }
    Specs.putIf(spec, "serviceAccountName", serviceAccount);
    if (!Specs.empty(crds)) {
      if (!List.of("Skip", "Create", "CreateReplace").contains(crds)) {
        throw new FluxException(
            "invalid argument \""
                + crds
                + "\" for \"--crds\" flag: unsupported CRD policy '"
                + crds
                + "', must be one of: Skip, Create, CreateReplace");
      }
      install(spec).put("crds", "Create");
      spec.putObject("upgrade").put("crds", crds);
    }
    if (!valuesFiles.isEmpty()) {
      spec.set("values", values());
    }
    if (!valuesFrom.isEmpty()) {
      spec.set("valuesFrom", valuesFrom());
    }
    if (c.create.export) {
      c.export(FluxKind.HELM_RELEASE, hr);
      return;
    }
    c.applyWorkload(FluxKind.HELM_RELEASE, hr);
  }

  private static ObjectNode install(ObjectNode spec) {
    return spec.has("install") ? (ObjectNode) spec.get("install") : spec.putObject("install");
  }

  /** The values files merged in order, later keys winning, nested maps merged. */
  private ObjectNode values() {
    ObjectNode merged = Kube.JSON.createObjectNode();
    for (Path file : valuesFiles) {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new FluxException(
            "reading values from "
                + file
                + " failed: open "
                + file
                + ": no such file or directory");
      }
      try {
        for (JsonNode doc : Yaml.read(text)) {
          if (doc instanceof ObjectNode o) {
            merge(merged, o);
          }
        }
      } catch (Yaml.InvalidYamlException e) {
        throw new FluxException(
            "converting values to JSON from " + file + " failed: " + e.getMessage());
      }
    }
    return merged;
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    from.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue() instanceof ObjectNode o
                  && into.get(e.getKey()) instanceof ObjectNode t) {
                merge(t, o);
              } else {
                into.set(e.getKey(), e.getValue());
              }
            });
  }

  private ArrayNode valuesFrom() {
    ArrayNode out = Kube.JSON.createArrayNode();
    for (String value : valuesFrom) {
      int slash = value.indexOf('/');
      if (slash < 0) {
        throw new FluxException(
            "invalid Kubernetes object reference '" + value + "', must be in format <kind>/<name>");
      }
      String kind = value.substring(0, slash);
      String clean =
          kind.equalsIgnoreCase("Secret")
              ? "Secret"
              : kind.equalsIgnoreCase("ConfigMap") ? "ConfigMap" : null;
      if (clean == null) {
        throw new FluxException(
            "reference kind '" + kind + "' is not supported, must be one of: Secret, ConfigMap");
      }
      ObjectNode ref = out.addObject();
      ref.put("kind", clean);
      ref.put("name", value.substring(slash + 1));
    }
    return out;
  }
}
