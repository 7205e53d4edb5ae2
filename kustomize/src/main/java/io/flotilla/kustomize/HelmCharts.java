package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kustomize.helm.HelmChart;
import io.flotilla.kustomize.helm.HelmException;
import io.flotilla.kustomize.helm.HelmInflator;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The build's hook for {@code helmCharts}: runs after the other generators, as kustomize runs its
 * HelmChartInflationGenerator after the ConfigMap and Secret generators. Everything helm-related
 * lives in {@link io.flotilla.kustomize.helm} and is loaded only when a kustomization has charts.
 */
final class HelmCharts {
  private HelmCharts() {}

  /** The Helm library is an optional dependency: its absence is a build error, not a crash. */
  static void requireHelm() throws KustomizeException {
    try {
      Class.forName(HELM_CLASS, false, HelmCharts.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new KustomizeException(
          "helmCharts needs Helm, which is not on the classpath: add the dependency"
              + " com.marcnuri.helm-java:helm-java (Flotilla's CLI and controllers have it)");
    }
  }

  static final String HELM_CLASS = "com.marcnuri.helm.Helm";

  private static List<HelmChart> charts(Kustomization k) throws KustomizeException {
    try {
      return HelmChart.of(k.node);
    } catch (HelmException e) {
      throw new KustomizeException(e.getMessage(), e);
    }
  }

  /** The chart's manifests; the loader's own failures come back as they were thrown. */
  private static String inflate(HelmInflator inflator, HelmChart chart, Path dir)
      throws KustomizeException {
    try {
      return inflator.inflate(chart, dir);
    } catch (HelmException e) {
      if (e.getCause() instanceof KustomizeException loaderFailure) {
        throw loaderFailure;
      }
      throw new KustomizeException(e.getMessage(), e);
    }
  }

  static boolean present(Kustomization k) {
    return nonEmpty(k, "helmCharts") || nonEmpty(k, "helmChartInflationGenerator");
  }

  private static boolean nonEmpty(Kustomization k, String field) {
    return k.node.has(field) && !k.node.get(field).isNull() && !k.node.get(field).isEmpty();
  }

  static void inflate(
      Kustomization k, Path dir, List<Res> resources, Loader loader, KustomizeOptions options)
      throws KustomizeException {
    if (!options.enableHelm()) {
      throw new KustomizeException(
          "trouble configuring builtin HelmChartInflationGenerator with config: `\n"
              + "`: must specify --enable-helm");
    }
    requireHelm();
    HelmInflator inflator =
        new HelmInflator(
            new HelmInflator.FileAccess() {
              @Override
              public Path resolve(Path base, String relative) throws HelmException {
                try {
                  return loader.resolveFile(base, relative);
                } catch (KustomizeException e) {
                  throw new HelmException(e.getMessage(), e);
                }
              }

              @Override
              public String read(Path file) throws HelmException {
                try {
                  return loader.read(file);
                } catch (KustomizeException e) {
                  throw new HelmException(e.getMessage(), e);
                }
              }
            });
    Set<ResId> ids = new HashSet<>();
    for (Res r : resources) ids.add(r.id());
    for (HelmChart chart : charts(k)) {
      String output = inflate(inflator, chart, dir);
      String label = "helm chart '" + chart.name() + "'";
      for (ObjectNode obj : Resources.fromDocuments(YamlCodec.parse(output, label), label)) {
        Res r = new Res(obj);
        r.origin = Accumulator.configured(k.file, "HelmChartInflationGenerator");
        if (!ids.add(r.id())) {
          throw new KustomizeException(
              "merging from generator HelmChartInflationGenerator (chart '%s'): id %s exists;"
                      .formatted(chart.name(), r.id())
                  + " behavior must be merge or replace");
        }
        resources.add(r);
      }
    }
  }
}
