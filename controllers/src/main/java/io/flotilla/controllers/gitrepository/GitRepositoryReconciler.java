package io.flotilla.controllers.gitrepository;

import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.controllers.source.SourceLoop;
import io.flotilla.source.artifact.ArtifactStorage;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.nio.file.Path;
import java.time.Clock;

/** Turns a {@link GitRepository} into an artifact: {@link GitRepositorySource} in the loop. */
public final class GitRepositoryReconciler implements Reconciler<GitRepository> {
  private final SourceLoop<GitRepository, GitRepositoryStatus, GitRepositorySource.Built> loop;

  public GitRepositoryReconciler(
      ArtifactStorage storage,
      Path workDir,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.loop =
        new SourceLoop<>(
            new GitRepositorySource(storage, workDir), storage, events, metrics, clock);
  }

  public static <R extends GitRepository> OnUpdateFilter<R> updateFilter() {
    return Triggers.specOrRequest();
  }

  @Override
  public UpdateControl<GitRepository> reconcile(GitRepository repo, Context<GitRepository> ctx) {
    return loop.reconcile(repo, ctx);
  }
}
