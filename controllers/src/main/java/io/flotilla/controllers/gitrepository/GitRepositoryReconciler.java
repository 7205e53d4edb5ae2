package io.flotilla.controllers.gitrepository;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Finalizers;
import io.flotilla.controllers.runtime.GoDuration;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.SourceIgnore;
import io.flotilla.source.artifact.StoredArtifact;
import io.flotilla.source.git.GitCredentials;
import io.flotilla.source.git.GitFetchResult;
import io.flotilla.source.git.GitFetcher;
import io.flotilla.source.git.GitRef;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@link GitRepository} into an artifact, as source-controller does: check the remote
 * revision, fetch only when it moved, pack and store, keep the previous artifact on failure.
 */
public final class GitRepositoryReconciler implements Reconciler<GitRepository> {
  static final String KIND = "gitrepository";
  private final ArtifactStorage storage;
  private final Path workDir;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public GitRepositoryReconciler(
      ArtifactStorage storage,
      Path workDir,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.storage = storage;
    this.workDir = workDir;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  public static <R extends GitRepository>
      io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter<R> updateFilter() {
    return Triggers.specOrRequest();
  }

  @Override
  public UpdateControl<GitRepository> reconcile(GitRepository repo, Context<GitRepository> ctx) {
    if (ctx.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    if (repo.isMarkedForDeletion()) {
      if (repo.hasFinalizer(Annotations.FINALIZER) && cleanUp(repo)) {
        Finalizers.remove(ctx.getClient(), repo, Annotations.FINALIZER);
      } else if (repo.hasFinalizer(Annotations.FINALIZER)) {
        return UpdateControl.<GitRepository>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
      }
      return UpdateControl.noUpdate();
    }
    if (!repo.hasFinalizer(Annotations.FINALIZER)) {
      Finalizers.add(ctx.getClient(), repo, Annotations.FINALIZER);
    }
    Instant start = clock.instant();
    GitRepositorySpec spec = repo.getSpec();
    if (Boolean.TRUE.equals(spec.suspend())) {
      return UpdateControl.noUpdate();
    }
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    String key = ns + "/" + name;
    GitRepositoryStatus old = repo.getStatus();
    long generation = Objects.requireNonNullElse(repo.getMetadata().getGeneration(), 0L);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    Artifact artifact = old == null ? null : old.artifact();
    Duration interval = GoDuration.parse(spec.interval());
    Duration next;
    try {
      Duration timeout =
          GoDuration.parse(
              spec.timeout() == null ? GitRepositorySpec.DEFAULT_TIMEOUT : spec.timeout());
      GitFetcher fetcher = new GitFetcher(timeout);
      GitRef ref = ref(spec);
      GitCredentials credentials = credentials(ctx.getClient(), ns, spec);
      String remote = fetcher.remoteRevision(spec.url(), ref, credentials);
      boolean upToDate =
          remote != null
              && artifact != null
              && remote.equals(artifact.revision())
              && storage.latest(KIND, ns, name).isPresent();
      if (!upToDate) {
        artifact = fetchAndStore(fetcher, repo, ref, credentials, artifact);
      }
      String message = "stored artifact for revision '" + artifact.revision() + "'";
      conditions
          .markTrue(ConditionTypes.READY, Reasons.SUCCEEDED, message)
          .markTrue(ConditionTypes.ARTIFACT_IN_STORAGE, Reasons.SUCCEEDED, message)
          .delete(ConditionTypes.FETCH_FAILED)
          .delete(ConditionTypes.RECONCILING)
          .delete(ConditionTypes.STALLED);
      failures.remove(key);
      next = Jitter.apply(interval);
    } catch (SourceException e) {
      conditions
          .markFalse(ConditionTypes.READY, e.reason(), e.getMessage())
          .markTrue(ConditionTypes.FETCH_FAILED, e.reason(), e.getMessage())
          .delete(ConditionTypes.RECONCILING);
      events.warning(repo, e.reason(), e.getMessage());
      next = Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
    } catch (IllegalArgumentException e) {
      conditions
          .markFalse(ConditionTypes.READY, Reasons.FAILED, e.getMessage())
          .markTrue(ConditionTypes.STALLED, Reasons.FAILED, e.getMessage());
      next = interval;
    }
    repo.setStatus(
        new GitRepositoryStatus(
            generation,
            conditions.toList(),
            artifact,
            Triggers.requestedAt(repo),
            spec.ignore(),
            spec.recurseSubmodules()));
    metrics.record("GitRepository", ns, name, Duration.between(start, clock.instant()));
    return UpdateControl.patchStatus(repo).rescheduleAfter(next);
  }

  private Artifact fetchAndStore(
      GitFetcher fetcher,
      GitRepository repo,
      GitRef ref,
      GitCredentials credentials,
      Artifact previous)
      throws SourceException {
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    Path tmp = null;
    try {
      tmp = TempDirs.create(workDir, "git-");
      GitFetchResult result = fetcher.fetch(repo.getSpec().url(), ref, credentials, tmp);
      StoredArtifact stored =
          storage.store(
              KIND,
              ns,
              name,
              result.revision(),
              result.workTree(),
              SourceIgnore.of(repo.getSpec().ignore()));
      storage.garbageCollect(KIND, ns, name, 2);
      if (previous == null || !stored.revision().equals(previous.revision())) {
        events.normal(
            repo, "NewArtifact", "stored artifact for commit '" + result.revision() + "'");
      }
      return stored.toApi();
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.STORAGE_OPERATION_FAILED,
          "failed to create temporary working directory: " + e.getMessage(),
          e);
    } finally {
      TempDirs.deleteQuietly(tmp);
    }
  }

  private static GitRef ref(GitRepositorySpec spec) {
    var r = spec.ref();
    return r == null
        ? new GitRef(null, null, null, null, null)
        : new GitRef(r.branch(), r.tag(), r.semver(), r.name(), r.commit());
  }

  private static GitCredentials credentials(
      KubernetesClient client, String ns, GitRepositorySpec spec) throws SourceException {
    if (spec.secretRef() == null) {
      return GitCredentials.NONE;
    }
    Secret secret = client.secrets().inNamespace(ns).withName(spec.secretRef().name()).get();
    if (secret == null) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to get secret '"
              + ns
              + "/"
              + spec.secretRef().name()
              + "': secrets \""
              + spec.secretRef().name()
              + "\" not found",
          null);
    }
    Map<String, byte[]> data = decoded(secret.getData() == null ? Map.of() : secret.getData());
    if (data.containsKey("bearerToken")) {
      return GitCredentials.bearer(text(data.get("bearerToken")));
    }
    return GitCredentials.basic(text(data.get("username")), text(data.get("password")));
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> decoded(Map<String, String> data) {
    Map<String, byte[]> out = new java.util.HashMap<>();
    data.forEach(
        (k, v) -> out.put(k, Base64.getDecoder().decode(v.getBytes(StandardCharsets.US_ASCII))));
    return out;
  }

  /** Removes the object's artifacts; true when done. */
  private boolean cleanUp(GitRepository repo) {
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    failures.remove(ns + "/" + name);
    try {
      storage.remove(KIND, ns, name);
      return true;
    } catch (SourceException e) {
      events.warning(repo, e.reason(), e.getMessage());
      return false;
    }
  }
}
