package io.flotilla.cli.flux;

import static io.flotilla.cli.flux.TraceCommand.line;
import static io.flotilla.cli.flux.TraceCommand.reference;
import static io.flotilla.cli.flux.TraceCommand.status;

/**
 * The HelmRelease part of {@code flux trace}: the release, its HelmChart and the chart's source.
 */
final class HelmTrace {
  private HelmTrace() {}

  static void append(StringBuilder r, Kube kube, FluxObject hr) {
    r.append("---\n");
    line(r, "HelmRelease:", hr.name());
    line(r, "Namespace:", hr.namespace());
    if (!hr.spec().path("targetNamespace").asText("").isEmpty()) {
      line(r, "Target:", hr.spec().path("targetNamespace").asText());
    }
    line(r, "Revision:", hr.revision());
    status(r, hr, false);
    Source.of(hr)
        .filter(s -> s.kind() == FluxKind.HELM_CHART)
        .flatMap(s -> kube.find(s.kind(), s.namespace(), s.name()))
        .ifPresent(
            chart -> {
              r.append("---\n");
              line(r, "HelmChart:", chart.name());
              line(r, "Namespace:", chart.namespace());
              line(r, "Chart:", chart.spec().path("chart").asText(""));
              line(r, "Version:", chart.spec().path("version").asText(""));
              if (chart.status().has("artifact")) {
                line(r, "Revision:", chart.revision());
              }
              status(r, chart, false);
              Source.of(chart)
                  .flatMap(s -> kube.find(s.kind(), s.namespace(), s.name()))
                  .ifPresent(src -> chartSource(r, src));
            });
  }

  private static void chartSource(StringBuilder r, FluxObject src) {
    r.append("---\n");
    boolean git = src.kind() == FluxKind.GIT_REPOSITORY;
    // flux's template writes a release's GitRepository one column narrower
    int width = git ? 15 : 16;
    StringBuilder part = new StringBuilder();
    line(part, src.kind().kind() + ":", src.name());
    line(part, "Namespace:", src.namespace());
    line(part, "URL:", src.spec().path("url").asText(src.spec().path("endpoint").asText("")));
    if (git) {
      reference(part, src.spec().path("ref"));
    }
    if (src.status().has("artifact")) {
      line(part, "Revision:", src.revision());
    }
    status(part, src, git);
    r.append(width == 16 ? part : part.toString().replaceAll("(?m)^(\\S+:) (\\s*)", "$1$2"));
  }
}
