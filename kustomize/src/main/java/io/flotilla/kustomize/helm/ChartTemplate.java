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
   * @param chartDir the chart's directory (subcharts unpacked under {@code charts/})
   * @param valuesFiles {@code -f} files in order
   * @param kubeVersion {@code .Capabilities.KubeVersion} (and the chart's kubeVersion check); null
   *     for Helm's default
   * @param work an empty scratch directory the caller deletes
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
        release(chartDir, releaseName, namespace, valuesFiles, kubeVersion, work));
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
   * {@link #render} of a copy made by {@link #prepare}, without copying the chart again; {@link
   * #notes} reads such a copy too.
   */
  public static String renderPrepared(
      Path prepared,
      String releaseName,
      String namespace,
      List<Path> valuesFiles,
      String kubeVersion)
      throws HelmException {
    return HelmRenderer.renderPrepared(
        release(prepared, releaseName, namespace, valuesFiles, kubeVersion, null));
  }

  /** A release's render: manifests and hooks, no CRDs, tests kept. */
  private static HelmRenderer.Request release(
      Path chartDir,
      String releaseName,
      String namespace,
      List<Path> valuesFiles,
      String kubeVersion,
      Path work) {
    return new HelmRenderer.Request(
        chartDir,
        releaseName,
        null,
        namespace,
        valuesFiles,
        List.of(),
        kubeVersion,
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
  public static String notes(
      Path chartDir,
      String releaseName,
      String namespace,
      List<Path> valuesFiles,
      String kubeVersion)
      throws HelmException {
    return HelmRenderer.notes(
        release(chartDir, releaseName, namespace, valuesFiles, kubeVersion, null));
  }
}
