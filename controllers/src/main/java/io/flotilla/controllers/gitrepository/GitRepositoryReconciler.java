package io.flotilla.controllers.gitrepository;

import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.controllers.source.SourceLoop;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/** Turns a {@link GitRepository} into an artifact: {@link GitRepositorySource} in the loop. */
public final class GitRepositoryReconciler
    extends SourceLoop<GitRepository, GitRepositoryStatus, GitRepositorySource.Built> {
  public GitRepositoryReconciler(Wiring wiring) {
    super(new GitRepositorySource(), wiring);
  }

  public static <R extends GitRepository> OnUpdateFilter<R> updateFilter() {
    return Triggers.specOrRequest();
  }
}
