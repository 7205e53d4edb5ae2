package io.flotilla.controllers;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryRef;
import io.flotilla.api.flux.source.GitRepositorySpec;

/** GitRepositories for the ITs, without spelling out every field of the spec. */
public final class GitSources {
  private GitSources() {}

  /** GitRepository {@code namespace/name} following branch main of {@code url}. */
  public static GitRepository onMain(String namespace, String name, String url, String interval) {
    GitRepository source = new GitRepository();
    source.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    source.setSpec(GitRepositorySpec.of(url, interval, GitRepositoryRef.branch("main")));
    return source;
  }
}
