package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Sources read from the informers that already watch them (named {@code sources-<Kind>}), as
 * kustomize-controller reads them from its cache: a GET per reconcile was one request in six of a
 * reconcile without changes. Falls back to a GET when no such informer is registered.
 */
final class CachedSources implements SourceResolver.Lookup {
  private final Context<Kustomization> ctx;
  private final KubernetesClient client;

  CachedSources(Context<Kustomization> ctx, KubernetesClient client) {
    this.ctx = ctx;
    this.client = client;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T find(Class<T> type, String namespace, String name) {
    InformerEventSource<T, Kustomization> informer;
    try {
      informer =
          (InformerEventSource<T, Kustomization>)
              ctx.eventSourceRetriever().getEventSourceFor(type, "sources-" + type.getSimpleName());
    } catch (RuntimeException e) {
      informer = null; // no informer for this kind: read it
    }
    if (informer == null) {
      return client.resources(type).inNamespace(namespace).withName(name).get();
    }
    return informer.get(new ResourceID(name, namespace)).orElse(null);
  }
}
