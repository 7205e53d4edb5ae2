package io.flotilla.controllers.gitrepository;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryInclude;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code spec.include}: the artifacts of other GitRepositories in the namespace, copied into this
 * one's checkout before it is packed, as source-controller's {@code reconcileInclude} does.
 */
final class Includes {
  static final String NOT_FOUND = "NotFound";
  static final String NO_ARTIFACT = "NoArtifact";
  static final Set<String> UNAVAILABLE_REASONS = Set.of(NOT_FOUND, NO_ARTIFACT);

  private Includes() {}

  /**
   * The current artifact of each included repository, in spec order.
   *
   * @throws SourceException retryable, reason {@code NotFound} or {@code NoArtifact}, naming the
   *     include (the condition is {@code IncludeUnavailable})
   */
  static List<Artifact> artifacts(
      KubernetesClient client, String ns, List<GitRepositoryInclude> includes)
      throws SourceException {
    List<Artifact> out = new ArrayList<>();
    if (includes == null) {
      return out;
    }
    for (GitRepositoryInclude include : includes) {
      String name = include.repository() == null ? null : include.repository().name();
      if (name == null || name.isBlank()) {
        throw SourceException.terminal(
            NOT_FOUND, "spec.include[].repository.name is required for every include");
      }
      GitRepository dep;
      try {
        dep = client.resources(GitRepository.class).inNamespace(ns).withName(name).get();
      } catch (KubernetesClientException e) {
        throw SourceException.retryable(
            NOT_FOUND,
            "could not get resource for include '%s': %s".formatted(name, e.getMessage()),
            null);
      }
      if (dep == null) {
        throw SourceException.retryable(
            NOT_FOUND,
            "could not get resource for include '%s': gitrepositories.source.toolkit.fluxcd.io \"%s\" not found"
                .formatted(name, name),
            null);
      }
      if (dep.getStatus() == null || dep.getStatus().artifact() == null) {
        throw SourceException.retryable(
            NO_ARTIFACT, "no artifact available for include '%s'".formatted(name), null);
      }
      out.add(dep.getStatus().artifact());
    }
    return out;
  }

  /** True when the included artifacts are not those the stored artifact was built with. */
  static boolean differ(List<Artifact> now, List<Artifact> observed) {
    List<Artifact> a = now == null ? List.of() : now;
    List<Artifact> b = observed == null ? List.of() : observed;
    if (a.size() != b.size()) {
      return true;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Objects.equals(a.get(i).revision(), b.get(i).revision())
          || !Objects.equals(a.get(i).digest(), b.get(i).digest())) {
        return true;
      }
    }
    return false;
  }

  /** Copies each include's {@code fromPath} to its {@code toPath} under {@code workTree}. */
  static void copy(
      ArtifactStorage storage,
      List<GitRepositoryInclude> includes,
      List<Artifact> artifacts,
      Path workTree)
      throws SourceException {
    if (includes == null) {
      return;
    }
    Path root = workTree.toAbsolutePath().normalize();
    for (int i = 0; i < includes.size(); i++) {
      GitRepositoryInclude include = includes.get(i);
      String name = include.repository().name();
      String to = include.effectiveToPath().replaceFirst("^/+", "");
      Path toDir = root.resolve(to).normalize();
      if (!toDir.startsWith(root) || toDir.startsWith(root.resolve(".git"))) {
        throw SourceException.retryable(
            "IllegalPath",
            "path calculation for include '%s' failed: '%s' is outside the repository"
                .formatted(name, include.effectiveToPath()),
            null);
      }
      try {
        storage.copyToPath(artifacts.get(i).path(), include.effectiveFromPath(), toDir);
      } catch (SourceException e) {
        throw SourceException.retryable(
            Reasons.STORAGE_OPERATION_FAILED,
            "failed to copy '%s' include from %s to %s: %s"
                .formatted(
                    name, include.effectiveFromPath(), include.effectiveToPath(), e.getMessage()),
            null);
      }
    }
  }
}
