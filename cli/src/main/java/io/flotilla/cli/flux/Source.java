package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** What {@code --with-source} reconciles first: the object's source, as flux finds it. */
record Source(FluxKind kind, String namespace, String name, Reconciler.Request request) {
  static Optional<Source> of(FluxObject o) {
    return switch (o.kind()) {
      case KUSTOMIZATION -> ref(o, o.spec().path("sourceRef"), Reconciler.Request.plain());
      case HELM_CHART -> ref(o, o.spec().path("sourceRef"), Reconciler.Request.plain());
      case HELM_RELEASE -> releaseSource(o);
      default -> Optional.empty();
    };
  }

  /**
   * A release's chart: its {@code chartRef}, else the HelmChart helm-controller made for it ({@code
   * status.helmChart}, {@code <namespace>/<namespace>-<name>}), reconciled with its own source
   * first.
   */
  private static Optional<Source> releaseSource(FluxObject hr) {
    JsonNode chartRef = hr.spec().path("chartRef");
    if (!chartRef.isMissingNode()) {
      return ref(hr, chartRef, Reconciler.Request.plain());
    }
    String chart = hr.status().path("helmChart").asText("");
    String ns = hr.namespace();
    String name = ns + "-" + hr.name();
    int slash = chart.indexOf('/');
    if (slash > 0) {
      ns = chart.substring(0, slash);
      name = chart.substring(slash + 1);
    }
    return Optional.of(
        new Source(FluxKind.HELM_CHART, ns, name, new Reconciler.Request(true, false, false)));
  }

  private static Optional<Source> ref(FluxObject o, JsonNode ref, Reconciler.Request request) {
    FluxKind kind = FluxKind.byKind(ref.path("kind").asText());
    if (kind == null || !kind.isSource()) {
      return Optional.empty();
    }
    String ns = ref.path("namespace").asText("");
    return Optional.of(
        new Source(kind, ns.isEmpty() ? o.namespace() : ns, ref.path("name").asText(), request));
  }
}
