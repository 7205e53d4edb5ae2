package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.controllers.runtime.ReconcileException;

/** Finds the artifact a Kustomization's {@code sourceRef} points at. */
final class SourceResolver {
  private SourceResolver() {}

  static String sourceNamespace(Kustomization ks) {
    String ns = ks.getSpec().sourceRef().namespace();
    return ns == null || ns.isEmpty() ? ks.getMetadata().getNamespace() : ns;
  }

  /** How a source object is found: read from the API, or from an informer's cache. */
  interface Lookup {
    <T extends HasMetadata> T find(Class<T> type, String namespace, String name);
  }

  /** The source's artifact; a missing source or artifact is a retryable ArtifactFailed. */
  static Artifact artifact(KubernetesClient client, Kustomization ks) throws ReconcileException {
    return artifact(
        ks,
        new Lookup() {
          @Override
          public <T extends HasMetadata> T find(Class<T> type, String namespace, String name) {
            return client.resources(type).inNamespace(namespace).withName(name).get();
          }
        });
  }

  /**
   * As {@link #artifact(KubernetesClient, Kustomization)}, finding the source with {@code lookup}.
   */
  static Artifact artifact(Kustomization ks, Lookup lookup) throws ReconcileException {
    NamespacedObjectKindReference ref = ks.getSpec().sourceRef();
    String ns = sourceNamespace(ks);
    HasMetadata source;
    Class<? extends HasMetadata> type;
    Artifact artifact;
    switch (ref.kind() == null ? "" : ref.kind()) {
      case GitRepository.KIND -> {
        GitRepository r = lookup.find(GitRepository.class, ns, ref.name());
        source = r;
        type = GitRepository.class;
        artifact = r == null || r.getStatus() == null ? null : r.getStatus().artifact();
      }
      case Bucket.KIND -> {
        Bucket b = lookup.find(Bucket.class, ns, ref.name());
        source = b;
        type = Bucket.class;
        artifact = b == null || b.getStatus() == null ? null : b.getStatus().artifact();
      }
      case OCIRepository.KIND -> {
        OCIRepository o = lookup.find(OCIRepository.class, ns, ref.name());
        source = o;
        type = OCIRepository.class;
        artifact = o == null || o.getStatus() == null ? null : o.getStatus().artifact();
      }
      default ->
          throw new ReconcileException(
              Reasons.ARTIFACT_FAILED,
              "source kind '"
                  + ref.kind()
                  + "' is not supported: use GitRepository, Bucket or OCIRepository",
              true);
    }
    if (source == null) {
      // as Flux: the condition carries the API's NotFound error (its log says "Source '…' not
      // found"), e.g. gitrepositories.source.toolkit.fluxcd.io "podinfo" not found
      throw new ReconcileException(
          Reasons.ARTIFACT_FAILED,
          HasMetadata.getFullResourceName(type) + " \"" + ref.name() + "\" not found",
          false);
    }
    if (artifact == null) {
      throw new ReconcileException(
          Reasons.ARTIFACT_FAILED, "Source artifact not found, retrying in 30s", false);
    }
    return artifact;
  }
}
