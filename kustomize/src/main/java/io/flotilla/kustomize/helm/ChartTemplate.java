package io.flotilla.kustomize.helm;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code helm template} of an unpacked chart for other modules (the Helm release engine): the
 * rendered manifests and hooks, each document still headed by its {@code # Source:} comment, in the
 * order Helm sorts them. CRDs from {@code crds/} are not included; callers read them from the
 * chart. The one public way into {@link HelmRenderer}, so that helm-java stays loaded lazily.
 */
public final class ChartTemplate {
  private ChartTemplate() {}

  /**
   * One release's render of a chart.
   *
   * @param chartDir the chart's directory (subcharts unpacked under {@code charts/}), or a copy
   *     made by {@link #prepare}
   * @param valuesFiles {@code -f} files in order
   * @param kubeVersion {@code .Capabilities.KubeVersion} (and the chart's kubeVersion check); null
   *     for Helm's default
   */
  public record Rendering(
      Path chartDir,
      String releaseName,
      String namespace,
      List<Path> valuesFiles,
      String kubeVersion) {}

  /**
   * The parameters are those of {@link Rendering}, and {@code work}: an empty scratch directory the
   * caller deletes.
   */
  public static String render(
      Path chartDir,
      String releaseName,
      String namespace,
      List<Path> valuesFiles,
      String kubeVersion,
      Path work)
      throws HelmException {
    return HelmRenderer.render(
        request(new Rendering(chartDir, releaseName, namespace, valuesFiles, kubeVersion), work));
  }

  /**
   * Writes to {@code target} the copy of a chart that {@link #renderPrepared} renders; one copy
   * serves every render of that chart (the caller deletes it).
   *
   * @return the copy's directory
   */
  public static Path prepare(Path chartDir, Path target) throws HelmException {
    return HelmRenderer.prepare(chartDir, target);
  }

  /**
   * {@link #render} of a copy made by {@link #prepare} ({@code r.chartDir()}), without copying the
   * chart again; {@link #notes} reads such a copy too.
   */
  public static String renderPrepared(Rendering r) throws HelmException {
    return HelmRenderer.renderPrepared(request(r, null));
  }

  /** A release's render: manifests and hooks, no CRDs, tests kept. */
  private static HelmRenderer.Request request(Rendering r, Path work) {
    return new HelmRenderer.Request(
        r.chartDir(),
        r.releaseName(),
        null,
        r.namespace(),
        r.valuesFiles(),
        List.of(),
        r.kubeVersion(),
        false,
        false,
        false,
        false,
        work);
  }

  /**
   * The chart's rendered {@code NOTES.txt} (top-level chart only, as Helm stores it), or an empty
   * string. helm-java offers no other way to it than the status text of a client-only dry-run
   * install, where the notes are the last section.
   */
  public static String notes(Rendering r) throws HelmException {
    return HelmRenderer.notes(request(r, null));
  }
}
