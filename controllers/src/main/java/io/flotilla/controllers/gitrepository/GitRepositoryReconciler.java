package io.flotilla.controllers.gitrepository;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryInclude;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.api.flux.source.GitRepositoryVerification;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Finalizers;
import io.flotilla.controllers.runtime.GoDuration;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.SourceConditions;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.SourceIgnore;
import io.flotilla.source.artifact.StoredArtifact;
import io.flotilla.source.git.GitCredentials;
import io.flotilla.source.git.GitFetchResult;
import io.flotilla.source.git.GitFetcher;
import io.flotilla.source.git.GitProxy;
import io.flotilla.source.git.GitRef;
import io.flotilla.source.git.GitVerifier;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link GitRepository} into an artifact, as source-controller does: read the secret, ask
 * the remote which commit the ref points to, fetch and pack only when that moved (or the content
 * settings changed), keep the previous artifact on failure. Status is written in one place ({@link
 * #finish}); while a new revision is fetched the object shows {@code Reconciling}.
 */
public final class GitRepositoryReconciler implements Reconciler<GitRepository> {
  static final String KIND = "gitrepository";
  static final String SOURCE_VERIFIED = "SourceVerified";
  static final String INCLUDE_UNAVAILABLE = "IncludeUnavailable";
  private static final java.util.Set<String> VERIFICATION_REASONS =
      java.util.Set.of(
          GitVerifier.INVALID_COMMIT_SIGNATURE,
          GitVerifier.INVALID_TAG_SIGNATURE,
          GitVerifier.INVALID_GIT_OBJECT,
          GitVerifier.INVALID_VERIFICATION_MODE,
          GitVerifier.VERIFICATION_ERROR);
  private static final Logger log = LoggerFactory.getLogger(GitRepositoryReconciler.class);
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

  /** What one reconcile found, before it becomes status. */
  private sealed interface Result {
    /**
     * The artifact is current; {@code subject} is set when it was (re)built now; {@code included}
     * are the included artifacts it was built with; {@code verified} is the SourceVerified message
     * (null without {@code spec.verify}).
     */
    record Ready(Artifact artifact, String subject, List<Artifact> included, String verified)
        implements Result {}

    record Failed(SourceException error) implements Result {}
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
    GitRepositorySpec spec = repo.getSpec();
    if (Boolean.TRUE.equals(spec.suspend())) {
      log.debug("{} is suspended", key(repo));
      return UpdateControl.noUpdate();
    }
    Instant start = clock.instant();
    Duration interval;
    Duration timeout;
    try {
      interval = GoDuration.parse(spec.interval());
      timeout =
          GoDuration.parse(
              spec.timeout() == null ? GitRepositorySpec.DEFAULT_TIMEOUT : spec.timeout());
    } catch (IllegalArgumentException e) {
      return finish(
          repo,
          ctx,
          new Result.Failed(
              SourceException.terminal(
                  Reasons.FAILED, "invalid interval or timeout: " + e.getMessage())),
          Duration.ofMinutes(10),
          start);
    }
    Result result = reconcileSource(repo, ctx.getClient(), timeout);
    return finish(repo, ctx, result, interval, start);
  }

  /**
   * The pipeline: URL, credentials, proxy, includes, remote check, fetch, verify, copy includes and
   * store when needed.
   */
  private Result reconcileSource(GitRepository repo, KubernetesClient client, Duration timeout) {
    GitRepositorySpec spec = repo.getSpec();
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    GitRepositoryStatus old = repo.getStatus();
    Artifact current = inStorage(repo);
    progress(
        repo,
        client,
        current == null && old != null && old.artifact() != null
            ? "building artifact: disappeared from storage"
            : null);
    try {
      GitFetcher.validateUrl(spec.url());
      GitCredentials credentials = SecretCredentials.load(client, ns, spec);
      GitProxy proxy = null;
      if (spec.proxySecretRef() != null && spec.proxySecretRef().name() != null) {
        proxy =
            GitProxy.fromSecret(
                spec.proxySecretRef().name(),
                SecretCredentials.data(client, ns, spec.proxySecretRef().name(), "proxy"));
      }
      List<Artifact> included = Includes.artifacts(client, ns, spec.include());
      GitFetcher fetcher = new GitFetcher(timeout, proxy);
      GitRef ref = ref(spec);
      String remote = fetcher.remoteRevision(spec.url(), ref, credentials);
      if (current != null
          && remote.equals(current.revision())
          && contentConfigSame(spec, old, included)) {
        // no-op: nothing downloaded
        return new Result.Ready(current, null, included, null);
      }
      String message = "building artifact: new upstream revision '" + remote + "'";
      markOutdated(repo, client, current, remote, message);
      Path tmp = null;
      try {
        tmp = TempDirs.create(workDir, "git-");
        GitFetchResult fetched =
            fetcher.fetch(
                spec.url(),
                ref,
                credentials,
                tmp,
                new GitFetcher.Options(
                    Boolean.TRUE.equals(spec.recurseSubmodules()), spec.sparseCheckout()));
        String verified = null;
        if (spec.verify() != null) {
          verified = verify(client, ns, spec.verify(), fetched);
        }
        Includes.copy(storage, spec.include(), included, fetched.workTree());
        // a reconcile that ran on a stale status (the cache lags our own patch) re-stores the same
        // bytes: that is not a new artifact, so it must not announce one
        String priorDigest =
            storage.latest(KIND, ns, name).map(StoredArtifact::digest).orElse(null);
        StoredArtifact stored =
            storage.store(
                KIND,
                ns,
                name,
                fetched.revision(),
                fetched.workTree(),
                SourceIgnore.of(spec.ignore()));
        storage.garbageCollect(KIND, ns, name, 2);
        return new Result.Ready(
            stored.toApi(),
            stored.digest().equals(priorDigest) ? null : fetched.subject(),
            included,
            verified);
      } catch (IOException e) {
        throw SourceException.retryable(
            Reasons.STORAGE_OPERATION_FAILED,
            "failed to create temporary working directory: " + e.getMessage(),
            e);
      } finally {
        TempDirs.deleteQuietly(tmp);
      }
    } catch (SourceException e) {
      return new Result.Failed(e);
    }
  }

  /** Whether what shapes the artifact besides the commit is as it was when it was built. */
  private static boolean contentConfigSame(
      GitRepositorySpec spec, GitRepositoryStatus old, List<Artifact> included) {
    String mode = spec.verify() == null ? null : spec.verify().effectiveMode();
    return old != null
        && Objects.equals(spec.ignore(), old.observedIgnore())
        && Objects.equals(spec.recurseSubmodules(), old.observedRecurseSubmodules())
        && Objects.equals(
            emptyToNull(spec.sparseCheckout()), emptyToNull(old.observedSparseCheckout()))
        && Objects.equals(emptyToNull(spec.include()), emptyToNull(old.observedInclude()))
        && Objects.equals(mode, old.sourceVerificationMode())
        && !Includes.differ(included, old.includedArtifacts());
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }

  /** Checks {@code spec.verify} against the secret's armored keys; returns Flux's message. */
  private static String verify(
      KubernetesClient client, String ns, GitRepositoryVerification verify, GitFetchResult fetched)
      throws SourceException {
    String secret = verify.secretRef() == null ? null : verify.secretRef().name();
    if (secret == null) {
      throw SourceException.terminal(
          GitVerifier.VERIFICATION_ERROR,
          "PGP public keys secret error: spec.verify.secretRef.name is required");
    }
    Map<String, byte[]> data;
    try {
      data = SecretCredentials.data(client, ns, secret, "verify");
    } catch (SourceException e) {
      throw SourceException.retryable(
          GitVerifier.VERIFICATION_ERROR, "PGP public keys secret error: " + e.getMessage(), null);
    }
    List<String> keyRings = new ArrayList<>();
    data.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> keyRings.add(new String(e.getValue(), StandardCharsets.UTF_8)));
    return GitVerifier.verify(fetched, verify.verifyHead(), verify.verifyTag(), keyRings);
  }

  /** Maps a result to conditions, status, events and the next run: the one place status changes. */
  private UpdateControl<GitRepository> finish(
      GitRepository repo,
      Context<GitRepository> ctx,
      Result result,
      Duration interval,
      Instant start) {
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    String key = key(repo);
    GitRepositorySpec spec = repo.getSpec();
    GitRepositoryStatus old = repo.getStatus();
    long generation = Objects.requireNonNullElse(repo.getMetadata().getGeneration(), 0L);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    boolean wasFailing =
        Conditions.find(conditions.toList(), ConditionTypes.READY)
            .map(c -> Condition.FALSE.equals(c.status()))
            .orElse(false);
    Long observedGeneration = old == null ? null : old.observedGeneration();
    Artifact artifact = old == null ? null : old.artifact();
    String observedIgnore = old == null ? null : old.observedIgnore();
    Boolean observedSubmodules = old == null ? null : old.observedRecurseSubmodules();
    List<Artifact> includedArtifacts = old == null ? null : old.includedArtifacts();
    List<GitRepositoryInclude> observedInclude = old == null ? null : old.observedInclude();
    List<String> observedSparse = old == null ? null : old.observedSparseCheckout();
    String verificationMode = old == null ? null : old.sourceVerificationMode();
    Duration next;
    switch (result) {
      case Result.Ready ready -> {
        Artifact previous = artifact;
        artifact = ready.artifact();
        String message = "stored artifact for revision '" + artifact.revision() + "'";
        SourceConditions.artifactStored(conditions, message);
        observedGeneration = generation;
        observedIgnore = spec.ignore();
        observedSubmodules = spec.recurseSubmodules();
        includedArtifacts =
            ready.included() == null || ready.included().isEmpty() ? null : ready.included();
        observedInclude = emptyToNull(spec.include());
        observedSparse = emptyToNull(spec.sparseCheckout());
        conditions.delete(INCLUDE_UNAVAILABLE);
        if (spec.verify() == null) {
          verificationMode = null;
          conditions.delete(SOURCE_VERIFIED);
        } else if (ready.verified() != null) {
          verificationMode = spec.verify().effectiveMode();
          conditions.markTrue(SOURCE_VERIFIED, Reasons.SUCCEEDED, ready.verified());
        } else if (Conditions.find(conditions.toList(), SOURCE_VERIFIED)
            .map(c -> Condition.FALSE.equals(c.status()))
            .orElse(false)) {
          // a failed verification of a revision we no longer build is stale (as Flux drops it)
          conditions.delete(SOURCE_VERIFIED);
        }
        failures.remove(key);
        Map<String, String> annotations = new java.util.LinkedHashMap<>();
        annotations.put(GitRepository.GROUP + "/revision", artifact.revision());
        if (artifact.digest() != null) {
          annotations.put(GitRepository.GROUP + "/digest", artifact.digest());
        }
        if (ready.subject() != null
            && (previous == null || !Objects.equals(previous.digest(), artifact.digest()))) {
          events.normal(
              repo,
              "NewArtifact",
              "stored artifact for commit '" + ready.subject() + "'",
              annotations);
        } else if (wasFailing) {
          events.normal(
              repo,
              Reasons.SUCCEEDED,
              "stored artifact for commit '" + artifact.revision() + "'",
              annotations);
        }
        next = Jitter.apply(interval);
      }
      case Result.Failed failed -> {
        SourceException e = failed.error();
        if (VERIFICATION_REASONS.contains(e.reason())) {
          // a bad signature is not a fetch failure: SourceVerified=False carries it to Ready
          conditions
              .markFalse(SOURCE_VERIFIED, e.reason(), e.getMessage())
              .markFalse(ConditionTypes.READY, e.reason(), e.getMessage());
        } else if (Includes.UNAVAILABLE_REASONS.contains(e.reason())) {
          conditions
              .markTrue(INCLUDE_UNAVAILABLE, e.reason(), e.getMessage())
              .markFalse(ConditionTypes.READY, e.reason(), e.getMessage());
        } else {
          SourceConditions.failed(conditions, e);
        }
        if (e.terminal()) {
          conditions
              .markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage())
              .delete(ConditionTypes.RECONCILING);
          observedGeneration = generation;
          // a URL only changes with the spec (which triggers a reconcile); a secret can change
          // without one, so look again at the interval
          next = Reasons.URL_INVALID.equals(e.reason()) ? null : interval;
        } else {
          conditions
              .markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING_WITH_RETRY, e.getMessage())
              .delete(ConditionTypes.STALLED);
          next = Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
        }
        events.warning(repo, e.reason(), e.getMessage());
        log.debug("{}: {} ({})", key, e.getMessage(), e.reason());
      }
    }
    repo.setStatus(
        new GitRepositoryStatus(
            observedGeneration,
            conditions.toList(),
            artifact,
            Triggers.requestedAt(repo),
            observedIgnore,
            observedSubmodules,
            includedArtifacts,
            observedInclude,
            observedSparse,
            verificationMode));
    metrics.record("GitRepository", ns, name, Duration.between(start, clock.instant()));
    // the status reuses the artifact this reconcile read, so the write keeps its resourceVersion
    UpdateControl<GitRepository> control =
        UpdateControl.patchStatus(
            io.flotilla.controllers.runtime.StatusPatch.ofVersion(repo, GitRepository::new));
    return next == null ? control : control.rescheduleAfter(next);
  }

  /** The status artifact if its file is still in storage (with the current URL), else null. */
  private Artifact inStorage(GitRepository repo) {
    GitRepositoryStatus old = repo.getStatus();
    if (old == null || old.artifact() == null) {
      return null;
    }
    String path = old.artifact().path();
    return storage
        .list(KIND, repo.getMetadata().getNamespace(), repo.getMetadata().getName())
        .stream()
        .filter(a -> a.path().equals(path))
        .findFirst()
        .map(StoredArtifact::toApi)
        .orElse(null);
  }

  /**
   * Flux persists "reconciling" before slow work when the generation or the requested token is new,
   * or the artifact has to be built; users see it while the fetch runs.
   */
  private void progress(GitRepository repo, KubernetesClient client, String buildingMessage) {
    GitRepositoryStatus old = repo.getStatus();
    long generation = Objects.requireNonNullElse(repo.getMetadata().getGeneration(), 0L);
    Long observed = old == null ? null : old.observedGeneration();
    String message;
    if (buildingMessage != null) {
      message = buildingMessage;
    } else if (observed == null || observed != generation) {
      message =
          "processing object: new generation %d -> %d"
              .formatted(observed == null ? -1 : observed, generation);
    } else if (!Objects.equals(
        Triggers.requestedAt(repo), old == null ? null : old.lastHandledReconcileAt())) {
      message = "reconciliation in progress";
    } else {
      return;
    }
    patchConditions(
        repo,
        client,
        c ->
            c.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING, message)
                .markUnknown(
                    ConditionTypes.READY, Reasons.PROGRESSING, "reconciliation in progress"));
  }

  private void markOutdated(
      GitRepository repo,
      KubernetesClient client,
      Artifact current,
      String remote,
      String message) {
    patchConditions(
        repo,
        client,
        c -> {
          c.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING, message)
              .markUnknown(ConditionTypes.READY, Reasons.PROGRESSING, message);
          if (current != null) {
            c.markTrue(
                ConditionTypes.ARTIFACT_OUTDATED,
                Reasons.NEW_REVISION,
                "new upstream revision '" + remote + "'");
          }
        });
  }

  /** Writes intermediate conditions to the API (best effort: the final patch follows anyway). */
  private void patchConditions(
      GitRepository repo, KubernetesClient client, java.util.function.Consumer<Conditions> change) {
    GitRepositoryStatus old = repo.getStatus();
    long generation = Objects.requireNonNullElse(repo.getMetadata().getGeneration(), 0L);
    Conditions c = new Conditions(old == null ? null : old.conditions(), generation, clock);
    change.accept(c);
    GitRepositoryStatus status =
        new GitRepositoryStatus(
            old == null ? null : old.observedGeneration(),
            c.toList(),
            old == null ? null : old.artifact(),
            old == null ? null : old.lastHandledReconcileAt(),
            old == null ? null : old.observedIgnore(),
            old == null ? null : old.observedRecurseSubmodules(),
            old == null ? null : old.includedArtifacts(),
            old == null ? null : old.observedInclude(),
            old == null ? null : old.observedSparseCheckout(),
            old == null ? null : old.sourceVerificationMode());
    repo.setStatus(status);
    try {
      GitRepository patch = new GitRepository();
      patch.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .withName(repo.getMetadata().getName())
              .withNamespace(repo.getMetadata().getNamespace())
              .build());
      patch.setStatus(status);
      GitRepository patched = client.resource(patch).patchStatus();
      // the final status write is checked against this version, so carry it over
      if (patched != null && patched.getMetadata() != null) {
        repo.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
      }
    } catch (KubernetesClientException e) {
      log.debug("could not record progress of {}: {}", key(repo), e.getMessage());
    }
  }

  private static String key(GitRepository repo) {
    return repo.getMetadata().getNamespace() + "/" + repo.getMetadata().getName();
  }

  private static GitRef ref(GitRepositorySpec spec) {
    var r = spec.ref();
    return r == null
        ? new GitRef(null, null, null, null, null)
        : new GitRef(r.branch(), r.tag(), r.semver(), r.name(), r.commit());
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
