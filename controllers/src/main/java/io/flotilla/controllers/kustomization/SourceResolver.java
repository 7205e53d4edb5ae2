package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.runtime.ReconcileException;

/** Finds the artifact a Kustomization's {@code sourceRef} points at. */
final class SourceResolver {
  private SourceResolver() {}

  static String sourceNamespace(Kustomization ks) {
    String ns = ks.getSpec().sourceRef().namespace();
    return ns == null || ns.isEmpty() ? ks.getMetadata().getNamespace() : ns;
  }

  /** The source's artifact; a missing source or artifact is a retryable ArtifactFailed. */
  static Artifact artifact(KubernetesClient client, Kustomization ks) throws ReconcileException {
    NamespacedObjectKindReference ref = ks.getSpec().sourceRef();
    String ns = sourceNamespace(ks);
    String display = ref.kind() + "/" + ns + "/" + ref.name();
    if (!GitRepository.KIND.equals(ref.kind())) {
      throw new ReconcileException(
          Reasons.ARTIFACT_FAILED, "source kind '" + ref.kind() + "' is not supported yet", true);
    }
    GitRepository repo =
        client.resources(GitRepository.class).inNamespace(ns).withName(ref.name()).get();
    if (repo == null) {
      throw new ReconcileException(
          Reasons.ARTIFACT_FAILED, "Source '" + display + "' not found", false);
    }
    if (repo.getStatus() == null || repo.getStatus().artifact() == null) {
      throw new ReconcileException(
          Reasons.ARTIFACT_FAILED, "Source artifact not found, retrying in 30s", false);
    }
    return repo.getStatus().artifact();
  }
}
