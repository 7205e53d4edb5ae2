package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.ReconcileException;
import java.util.List;
import java.util.Objects;

/**
 * Flux's dependsOn rule: each dependency is Ready at its current generation and, when it reads the
 * same source, has applied the revision this Kustomization is about to apply.
 */
final class DependencyCheck {
  private DependencyCheck() {}

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  static List<String> dependencyKeys(Kustomization ks) {
    List<DependencyReference> deps = ks.getSpec().dependsOn();
    if (deps == null) {
      return List.of();
    }
    return deps.stream()
        .map(
            d ->
                key(
                    d.namespace() == null ? ks.getMetadata().getNamespace() : d.namespace(),
                    d.name()))
        .toList();
  }

  static void verify(KubernetesClient client, Kustomization ks, String revision)
      throws ReconcileException {
    for (String key : dependencyKeys(ks)) {
      String[] parts = key.split("/", 2);
      Kustomization dep =
          client.resources(Kustomization.class).inNamespace(parts[0]).withName(parts[1]).get();
      if (!ready(ks, dep, revision)) {
        throw new ReconcileException(
            Reasons.DEPENDENCY_NOT_READY, "dependency '" + key + "' is not ready", false);
      }
    }
  }

  static boolean ready(Kustomization ks, Kustomization dep, String revision) {
    if (dep == null
        || dep.getStatus() == null
        || !Conditions.isReady(dep.getStatus().conditions())) {
      return false;
    }
    if (!Objects.equals(dep.getMetadata().getGeneration(), dep.getStatus().observedGeneration())) {
      return false;
    }
    boolean sameSource =
        Objects.equals(dep.getSpec().sourceRef().kind(), ks.getSpec().sourceRef().kind())
            && Objects.equals(dep.getSpec().sourceRef().name(), ks.getSpec().sourceRef().name())
            && Objects.equals(
                SourceResolver.sourceNamespace(dep), SourceResolver.sourceNamespace(ks));
    return !sameSource || Objects.equals(dep.getStatus().lastAppliedRevision(), revision);
  }
}
