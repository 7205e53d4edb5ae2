package io.flotilla.controllers.gitrepository;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import java.util.Optional;

/** What the GitRepository ITs read back: the object and one of its conditions. */
final class GitRepositoryReads {
  private GitRepositoryReads() {}

  static GitRepository get(KubernetesClient client, String ns, String name) {
    return client.resources(GitRepository.class).inNamespace(ns).withName(name).get();
  }

  static Optional<Condition> condition(
      KubernetesClient client, String ns, String name, String type) {
    GitRepository g = get(client, ns, name);
    if (g == null || g.getStatus() == null || g.getStatus().conditions() == null) {
      return Optional.empty();
    }
    return g.getStatus().conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
