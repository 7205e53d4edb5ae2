package io.flotilla.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kustomize.helm.ChartTemplate;
import io.flotilla.kustomize.helm.HelmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders a chart for a release with Helm's own template engine (helm-java, through kustomize's
 * {@link ChartTemplate}): values as a values file, the cluster's version as {@code
 * .Capabilities.KubeVersion}, so that Helm itself enforces the chart's {@code kubeVersion} and
 * {@code values.schema.json} (unless schema validation is disabled, which removes the schema files
 * from the unpacked copy).
 */
final class ChartRenderer {
  private ChartRenderer() {}

  record Rendered(
      List<Manifests.Doc> manifests,
      List<Manifests.Hook> hooks,
      List<Manifests.Doc> crds,
      String notes) {}

  static Rendered render(
      io.fabric8.kubernetes.client.KubernetesClient cluster,
      LoadedChart chart,
      String releaseName,
      String namespace,
      ObjectNode values,
      String kubeVersion,
      boolean disableSchemaValidation)
      throws ReleaseException {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("flotilla-helm-");
    } catch (IOException e) {
      throw new ReleaseException(
          ReleaseException.Kind.CHART, "cannot create a temporary directory", e);
    }
    try {
      Path dir = PreparedCharts.of(chart, !disableSchemaValidation);
      Path valuesFile = tmp.resolve("values.json");
      Files.writeString(
          valuesFile, ReleaseCodec.JSON.writeValueAsString(values), StandardCharsets.UTF_8);
      var rendering =
          new ChartTemplate.Rendering(
              dir, releaseName, namespace, List.of(valuesFile), kubeVersion);
      String out = LookupGateway.with(cluster, () -> template(rendering));
      Manifests.Split split = Manifests.split(out);
      String notes =
          chart.files().containsKey("templates/NOTES.txt") ? ChartTemplate.notes(rendering) : "";
      return new Rendered(split.manifests(), split.hooks(), crds(chart, ""), notes);
    } catch (HelmException e) {
      throw new ReleaseException(ReleaseException.Kind.CHART, libraryMessage(e.getMessage()), e);
    } catch (IOException e) {
      throw new ReleaseException(
          ReleaseException.Kind.CHART,
          "cannot unpack chart '" + chart.name() + "': " + e.getMessage(),
          e);
    } finally {
      deleteTree(tmp);
    }
  }

  private static String template(ChartTemplate.Rendering prepared) throws ReleaseException {
    try {
      return ChartTemplate.renderPrepared(prepared);
    } catch (HelmException e) {
      throw new ReleaseException(ReleaseException.Kind.CHART, libraryMessage(e.getMessage()), e);
    }
  }

  /**
   * Helm's error as its library returns it (and helm-controller reports it): without the CLI's
   * {@code Error: } prefix and {@code --debug} hint, which name nothing a HelmRelease can set.
   */
  static String libraryMessage(String cli) {
    if (cli == null) return "";
    String m = cli.strip();
    if (m.startsWith("Error: ")) m = m.substring("Error: ".length());
    int hint = m.indexOf("\n\nUse --debug flag");
    return hint < 0 ? m : m.substring(0, hint).strip();
  }

  /**
   * The CRDs of {@code crds/} (.yaml, .yml, .json) of the chart and its subcharts, as Helm's
   * CRDObjects.
   */
  static List<Manifests.Doc> crds(LoadedChart chart, String prefix) throws ReleaseException {
    List<Manifests.Doc> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : chart.files().entrySet()) {
      String p = f.getKey();
      if (p.startsWith("crds/")
          && (p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".json"))) {
        out.addAll(
            Manifests.objects(
                prefix + chart.name() + "/" + p, new String(f.getValue(), StandardCharsets.UTF_8)));
      }
    }
    for (LoadedChart d : chart.dependencies()) {
      out.addAll(crds(d, prefix + chart.name() + "/charts/"));
    }
    return out;
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory is not worth failing a release for
    }
  }
}
