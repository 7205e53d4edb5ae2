package io.flotilla.controllers.helmrelease;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.controllers.runtime.DependencyCheck;
import io.flotilla.controllers.runtime.PrimaryIndex;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What starts a HelmRelease reconcile besides its own changes, as helm-controller watches: a new
 * artifact of its HelmChart or OCIRepository, a dependency becoming ready, and a change of a
 * ConfigMap or Secret it takes values from that is labelled {@code reconcile.fluxcd.io/watch:
 * Enabled}. HelmCharts are watched only when their CRD is installed (else the interval and the
 * dependency requeue poll).
 */
final class HelmReleaseWatches {
  static final String WATCH_LABEL = "reconcile.fluxcd.io/watch=Enabled";
  private static final String SOURCE_INDEX = "chartSource";
  private static final String VALUES_INDEX = "valuesFrom";

  /** The HelmChart watch, once the event sources exist and when the CRD is installed. */
  private volatile InformerEventSource<GenericKubernetesResource, HelmRelease> helmCharts;

  /** A HelmChart as the watch last saw it; empty when not watched or not there. */
  Optional<GenericKubernetesResource> helmChart(ResourceID id) {
    var source = helmCharts;
    return source == null ? Optional.empty() : source.get(id);
  }

  List<EventSource<?, HelmRelease>> eventSources(EventSourceContext<HelmRelease> ctx) {
    var cache = ctx.getPrimaryCache();
    cache.addIndexer(SOURCE_INDEX, hr -> sourceKeys(hr));
    cache.addIndexer(VALUES_INDEX, HelmReleaseWatches::valuesKeys);
    List<EventSource<?, HelmRelease>> out = new ArrayList<>();
    out.add(
        DependencyCheck.dependencyEvents(
            ctx, HelmRelease.class, hr -> hr.getSpec().dependsOn(), HelmReleaseWatches::observed));
    out.add(
        PrimaryIndex.watch(
            ctx,
            OCIRepository.class,
            "sources-OCIRepository",
            SOURCE_INDEX,
            "OCIRepository/",
            HelmReleaseWatches::ociArtifact));
    if (helmChartCrdInstalled(ctx)) {
      helmCharts =
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(
                      new GroupVersionKind("source.toolkit.fluxcd.io", "v1", "HelmChart"),
                      HelmRelease.class)
                  .withName("sources-HelmChart")
                  // a HelmChart without an artifact (the one this controller just generated) has
                  // nothing to offer yet: its artifact's arrival is the update that matters, and
                  // waking the release on the create too costs an extra reconcile under load
                  .withOnAddFilter(c -> chartArtifact(c) != null)
                  .withOnUpdateFilter(
                      (next, prev) -> !Objects.equals(chartArtifact(next), chartArtifact(prev)))
                  .withSecondaryToPrimaryMapper(
                      c -> PrimaryIndex.ids(ctx, SOURCE_INDEX, "HelmChart/" + PrimaryIndex.key(c)))
                  .build(),
              ctx);
      out.add(helmCharts);
    }
    out.add(valuesSource(ctx, ConfigMap.class));
    out.add(valuesSource(ctx, Secret.class));
    return out;
  }

  private static <T extends HasMetadata> EventSource<T, HelmRelease> valuesSource(
      EventSourceContext<HelmRelease> ctx, Class<T> type) {
    String kind = type.getSimpleName();
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, HelmRelease.class)
            .withName("values-" + kind)
            .withLabelSelector(WATCH_LABEL)
            .withSecondaryToPrimaryMapper(
                o -> PrimaryIndex.ids(ctx, VALUES_INDEX, kind + "/" + PrimaryIndex.key(o)))
            .build(),
        ctx);
  }

  private static boolean helmChartCrdInstalled(EventSourceContext<HelmRelease> ctx) {
    try {
      return ctx.getClient()
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName("helmcharts.source.toolkit.fluxcd.io")
              .get()
          != null;
    } catch (RuntimeException e) {
      return false; // no permission to read CRDs: poll instead of watching
    }
  }

  static List<String> sourceKeys(HelmRelease hr) {
    String ns = hr.getMetadata().getNamespace();
    var ref = hr.getSpec().chartRef();
    if (ref != null) {
      String refNs = ref.namespace() == null || ref.namespace().isEmpty() ? ns : ref.namespace();
      return List.of(ref.kind() + "/" + refNs + "/" + ref.name());
    }
    String chart = ChartTemplate.wanted(hr);
    return chart == null ? List.of() : List.of("HelmChart/" + chart);
  }

  static List<String> valuesKeys(HelmRelease hr) {
    if (hr.getSpec().valuesFrom() == null) {
      return List.of();
    }
    return hr.getSpec().valuesFrom().stream()
        .map(v -> v.kind() + "/" + hr.getMetadata().getNamespace() + "/" + v.name())
        .distinct()
        .toList();
  }

  private static Long observed(HelmRelease hr) {
    return hr.getStatus() == null ? null : hr.getStatus().observedGeneration();
  }

  private static String ociArtifact(OCIRepository o) {
    var a = o.getStatus() == null ? null : o.getStatus().artifact();
    return a == null ? null : a.revision() + " " + a.digest();
  }

  @SuppressWarnings("unchecked")
  private static String chartArtifact(GenericKubernetesResource c) {
    Object status = c.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !(s.get("artifact") instanceof Map<?, ?> a)) {
      return null;
    }
    return a.get("revision") + " " + a.get("digest");
  }
}
