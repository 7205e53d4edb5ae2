package io.flotilla.source.helm;

import io.flotilla.source.Semver;
import io.flotilla.source.oci.OciClient;
import io.flotilla.source.oci.OciReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Charts in an OCI registry under a {@code type: oci} HelmRepository's URL ({@code
 * oci://host/path}, the chart at {@code host/path/<chart>}): versions are tags, with Helm's mapping
 * of {@code +} in a version to {@code _} in a tag; the chart is the layer of media type {@value
 * #CHART_LAYER}.
 */
public final class OciChartRepository {
  public static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

  private final OciReference base;
  private final OciClient.Options options;

  /**
   * @throws IllegalArgumentException when the URL is not {@code oci://host/path}
   */
  public OciChartRepository(String url, OciClient.Options options) {
    this.base = parseBase(url);
    this.options = options;
  }

  private static OciReference parseBase(String url) {
    String u = url == null ? "" : url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (!u.startsWith("oci://")) {
      throw new IllegalArgumentException("invalid OCI registry URL: " + url);
    }
    String rest = u.substring("oci://".length());
    if (rest.isEmpty() || rest.indexOf('/') == 0) {
      throw new IllegalArgumentException("invalid OCI registry URL: " + url);
    }
    int slash = rest.indexOf('/');
    return slash < 0
        ? new OciReference(rest, "")
        : new OciReference(rest.substring(0, slash), rest.substring(slash + 1));
  }

  private OciClient client(String chart) {
    String repo = base.repository().isEmpty() ? chart : base.repository() + "/" + chart;
    return new OciClient(new OciReference(base.registry(), repo), options);
  }

  /**
   * The tag best matching {@code version} (a semver constraint, {@code *} or empty for the latest
   * stable).
   *
   * @throws IllegalArgumentException when no tag matches (Flux's wording)
   * @throws IOException for registry errors
   */
  public ChartVersion resolve(String chart, String version) throws IOException {
    if (chart == null || !chart.matches("([-a-z0-9]+/?\\.?)+")) {
      throw new IllegalArgumentException(
          ("invalid chart name '%s': a valid name must be lower case letters and numbers and MAY be"
                  + " separated with dashes (-), slashes (/) or periods (.)")
              .formatted(chart));
    }
    OciClient client = client(chart);
    List<String> tags = client.tags();
    if (tags.isEmpty()) {
      throw new IllegalArgumentException(
          "unable to locate any tags in provided repository: oci://" + client);
    }
    List<ChartVersion> candidates = new ArrayList<>();
    for (String tag : tags) {
      String v = tag.replace('_', '+');
      if (Semver.isVersion(v)) {
        candidates.add(new ChartVersion(chart, v, List.of("oci://" + client + ":" + tag), "", ""));
      }
    }
    try {
      return ChartIndex.best(chart, version, candidates);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "could not locate a version matching provided version string "
              + (version == null || version.isBlank() ? "*" : version));
    }
  }

  /** Pulls the chart layer of {@code version} into {@code target}, digest-checked. */
  public Path download(ChartVersion version, Path target, long maxBytes) throws IOException {
    OciClient client = client(version.name());
    String tag = version.version().replace('+', '_');
    OciClient.Manifest m = client.manifest(tag);
    OciClient.Layer layer =
        m.layers().stream()
            .filter(l -> CHART_LAYER.equals(l.mediaType()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IOException(
                        "oci://%s:%s is not a Helm chart: no layer of media type %s"
                            .formatted(client, tag, CHART_LAYER)));
    if (layer.size() > maxBytes) {
      throw new ChartRepository.TooLargeException(
          "chart '%s' version '%s' exceeds the maximum chart size of %d bytes"
              .formatted(version.name(), version.version(), maxBytes));
    }
    client.downloadBlob(layer.digest(), target, maxBytes);
    return target;
  }
}
