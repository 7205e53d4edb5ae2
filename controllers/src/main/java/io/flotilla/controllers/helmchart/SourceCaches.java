package io.flotilla.controllers.helmchart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flotilla.api.flux.source.HelmChart;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HelmCharts' sources as their informers hold them (the informers that wake a chart when its
 * source's artifact changes), so a build reads its HelmRepository, GitRepository or Bucket without
 * a request of its own, as source-controller reads through its cache. Filled when JOSDK prepares
 * the event sources; before that, or for an object the informer has not seen yet, a lookup is empty
 * and the caller reads the API.
 */
final class SourceCaches {
  private final Map<Class<?>, InformerEventSource<?, HelmChart>> informers =
      new ConcurrentHashMap<>();

  <S extends HasMetadata> void register(Class<S> type, InformerEventSource<S, HelmChart> informer) {
    informers.put(type, informer);
  }

  <S extends HasMetadata> Optional<S> get(Class<S> type, String namespace, String name) {
    InformerEventSource<?, HelmChart> informer = informers.get(type);
    if (informer == null) {
      return Optional.empty();
    }
    return informer.get(new ResourceID(name, namespace)).map(type::cast);
  }
}
