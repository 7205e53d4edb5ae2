package io.flotilla.controllers.helmchart;

import io.fabric8.kubernetes.client.CustomResource;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.HelmChart;
import io.flotilla.api.flux.source.HelmChartStatus;
import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.api.flux.source.SourceStatus;
import io.flotilla.controllers.runtime.PrimaryIndex;
import io.flotilla.controllers.source.SourceLoop;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/**
 * Builds a HelmChart's artifact ({@link HelmChartSource} in the shared source loop): from a
 * HelmRepository (the chart resolved in its stored index and pulled, or pulled from the OCI
 * registry of a {@code type: oci} one), or packaged from a path in a GitRepository's or Bucket's
 * artifact. Reconciled again when the source's artifact revision changes.
 */
public final class HelmChartReconciler
    extends SourceLoop<HelmChart, HelmChartStatus, HelmChartSource.State> {
  public static final String KIND = HelmChartSource.KIND;
  private static final String SOURCE_INDEX = "source";

  private final SourceCaches sources;

  public HelmChartReconciler(Wiring wiring, long maxChartBytes) {
    this(wiring, maxChartBytes, new SourceCaches());
  }

  private HelmChartReconciler(Wiring wiring, long maxChartBytes, SourceCaches sources) {
    super(new HelmChartSource(maxChartBytes, sources), wiring);
    this.sources = sources;
  }

  @Override
  public List<EventSource<?, HelmChart>> prepareEventSources(EventSourceContext<HelmChart> ctx) {
    ctx.getPrimaryCache()
        .addIndexer(
            SOURCE_INDEX,
            hc ->
                List.of(
                    key(
                        hc.getSpec().sourceRef().kind().name(),
                        hc.getMetadata().getNamespace(),
                        hc.getSpec().sourceRef().name())));
    return List.of(
        sourceEvents(ctx, HelmRepository.class),
        sourceEvents(ctx, GitRepository.class),
        sourceEvents(ctx, Bucket.class));
  }

  private <S extends CustomResource<?, ? extends SourceStatus>>
      EventSource<S, HelmChart> sourceEvents(EventSourceContext<HelmChart> ctx, Class<S> type) {
    InformerEventSource<S, HelmChart> informer = informer(ctx, type);
    sources.register(type, informer);
    return informer;
  }

  /** Reconciles the HelmCharts of a source when its artifact revision changes. */
  private static <S extends CustomResource<?, ? extends SourceStatus>>
      InformerEventSource<S, HelmChart> informer(EventSourceContext<HelmChart> ctx, Class<S> type) {
    String kind = type.getSimpleName();
    return PrimaryIndex.watch(
        ctx,
        type,
        "helmchart-sources-" + kind,
        SOURCE_INDEX,
        kind + "/",
        HelmChartReconciler::revision);
  }

  private static String revision(CustomResource<?, ? extends SourceStatus> source) {
    SourceStatus status = source.getStatus();
    return status == null || status.artifact() == null ? null : status.artifact().revision();
  }

  private static String key(String kind, String ns, String name) {
    return kind + "/" + ns + "/" + name;
  }
}
