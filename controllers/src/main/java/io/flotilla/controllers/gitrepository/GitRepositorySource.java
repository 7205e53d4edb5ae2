package io.flotilla.controllers.gitrepository;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.api.flux.source.GitRepositoryVerification;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.SourceConditions;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.source.Notices;
import io.flotilla.controllers.source.SourceKind;
import io.flotilla.controllers.source.Step;
import io.flotilla.controllers.source.Stored;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.StoredArtifact;
import io.flotilla.source.git.GitCredentials;
import io.flotilla.source.git.GitFetchResult;
import io.flotilla.source.git.GitFetcher;
import io.flotilla.source.git.GitProxy;
import io.flotilla.source.git.GitRef;
import io.flotilla.source.git.GitVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The GitRepository kind of {@code SourceLoop}, as source-controller does it: read the secret, ask
 * the remote which commit the ref points to, fetch and pack only when that moved (or the content
 * settings changed), keep the previous artifact on failure. While a new revision is fetched the
 * object shows {@code Reconciling}.
 */
final class GitRepositorySource
    implements SourceKind<GitRepository, GitRepositoryStatus, GitRepositorySource.Built> {
  static final String SOURCE_VERIFIED = "SourceVerified";
  static final String INCLUDE_UNAVAILABLE = "IncludeUnavailable";
  private static final Set<String> VERIFICATION_REASONS =
      Set.of(
          GitVerifier.INVALID_COMMIT_SIGNATURE,
          GitVerifier.INVALID_TAG_SIGNATURE,
          GitVerifier.INVALID_GIT_OBJECT,
          GitVerifier.INVALID_VERIFICATION_MODE,
          GitVerifier.VERIFICATION_ERROR);

  /**
   * What a current artifact was built with besides itself: {@code included} artifacts, and {@code
   * verified}, the SourceVerified message (null when not verified in this run).
   */
  record Built(List<Artifact> included, String verified) {}

  @Override
  public GitRepository newObject() {
    return new GitRepository();
  }

  /** A bad interval or timeout stalls the object; it looks again after ten minutes. */
  @Override
  public Duration interval(GitRepository repo) {
    try {
      timeout(repo.getSpec());
      return GoDuration.parse(repo.getSpec().interval());
    } catch (IllegalArgumentException e) {
      return Duration.ofMinutes(10);
    }
  }

  private static Duration timeout(GitRepositorySpec spec) {
    return GoDuration.parse(
        spec.timeout() == null ? GitRepositorySpec.DEFAULT_TIMEOUT : spec.timeout());
  }

  /**
   * The pipeline: URL, credentials, proxy, includes, remote check, fetch, verify, copy includes and
   * store when needed.
   */
  @Override
  public Outcome reconcile(GitRepository repo, Step<Built> step)
      throws SourceException, IOException {
    GitRepositorySpec spec = repo.getSpec();
    Duration timeout;
    try {
      GoDuration.parse(spec.interval());
      timeout = timeout(spec);
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(
          Reasons.FAILED, "invalid interval or timeout: " + e.getMessage());
    }
    KubernetesClient client = step.client();
    String ns = repo.getMetadata().getNamespace();
    GitRepositoryStatus old = repo.getStatus();
    Artifact current = old == null || old.artifact() == null ? null : inStorage(step, old);
    step.progress(
        current == null && old != null && old.artifact() != null
            ? "building artifact: disappeared from storage"
            : null);
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
      return stored(step, repo, current, null, included, null);
    }
    step.building("new upstream revision '" + remote + "'", current, Reasons.NEW_REVISION);
    try (TempDirs.Scratch tmp = step.scratch("git-")) {
      GitFetchResult fetched =
          fetcher.fetch(
              spec.url(),
              ref,
              credentials,
              tmp.path(),
              new GitFetcher.Options(
                  Boolean.TRUE.equals(spec.recurseSubmodules()), spec.sparseCheckout()));
      String verified = null;
      if (spec.verify() != null) {
        verified = verify(client, ns, spec.verify(), fetched);
      }
      Includes.copy(step.artifacts().storage(), spec.include(), included, fetched.workTree());
      // a reconcile that ran on a stale status (the cache lags our own patch) re-stores the same
      // bytes: that is not a new artifact, so it must not announce one
      String priorDigest = step.artifacts().latestDigest();
      StoredArtifact stored =
          step.artifacts().store(fetched.revision(), fetched.workTree(), spec.ignore());
      return stored(
          step,
          repo,
          stored.toApi(),
          stored.digest().equals(priorDigest) ? null : fetched.subject(),
          included,
          verified);
    }
  }

  /**
   * The artifact is current; {@code subject} is set when it was (re)built now. Announces a new
   * artifact, or the recovery of a failing object.
   */
  private static Outcome stored(
      Step<Built> step,
      GitRepository repo,
      Artifact artifact,
      String subject,
      List<Artifact> included,
      String verified) {
    GitRepositoryStatus old = repo.getStatus();
    Artifact previous = old == null ? null : old.artifact();
    boolean wasFailing =
        Conditions.find(old == null ? null : old.conditions(), ConditionTypes.READY)
            .map(c -> Condition.FALSE.equals(c.status()))
            .orElse(false);
    Map<String, String> annotations = Notices.annotations(artifact);
    Stored.Notice notice = null;
    if (subject != null
        && (previous == null || !Objects.equals(previous.digest(), artifact.digest()))) {
      notice =
          new Stored.Notice(
              "NewArtifact", "stored artifact for commit '" + subject + "'", annotations);
    } else if (wasFailing) {
      notice =
          new Stored.Notice(
              Reasons.SUCCEEDED,
              "stored artifact for commit '" + artifact.revision() + "'",
              annotations);
    }
    return step.stored(
        artifact,
        "stored artifact for revision '" + artifact.revision() + "'",
        notice,
        new Built(included, verified));
  }

  @Override
  public void markStored(Conditions conditions, GitRepository repo, String message, Built built) {
    SourceConditions.artifactStored(conditions, message);
    conditions.delete(INCLUDE_UNAVAILABLE);
    if (repo.getSpec().verify() == null) {
      conditions.delete(SOURCE_VERIFIED);
    } else if (built.verified() != null) {
      conditions.markTrue(SOURCE_VERIFIED, Reasons.SUCCEEDED, built.verified());
    } else if (conditions
        .get(SOURCE_VERIFIED)
        .map(c -> Condition.FALSE.equals(c.status()))
        .orElse(false)) {
      // a failed verification of a revision we no longer build is stale (as Flux drops it)
      conditions.delete(SOURCE_VERIFIED);
    }
  }

  @Override
  public void markFailed(Conditions conditions, String reason, String message) {
    if (VERIFICATION_REASONS.contains(reason)) {
      // a bad signature is not a fetch failure: SourceVerified=False carries it to Ready
      conditions
          .markFalse(SOURCE_VERIFIED, reason, message)
          .markFalse(ConditionTypes.READY, reason, message);
    } else if (Includes.UNAVAILABLE_REASONS.contains(reason)) {
      conditions
          .markTrue(INCLUDE_UNAVAILABLE, reason, message)
          .markFalse(ConditionTypes.READY, reason, message);
    } else {
      SourceConditions.failed(conditions, reason, message);
    }
  }

  /** On success the observed content settings follow the spec; otherwise they stay as they were. */
  @Override
  public GitRepositoryStatus status(GitRepository repo, Common common, Stored<Built> stored) {
    GitRepositorySpec spec = repo.getSpec();
    GitRepositoryStatus old = repo.getStatus();
    if (stored != null) {
      List<Artifact> included = stored.extras().included();
      String verificationMode = old == null ? null : old.sourceVerificationMode();
      if (spec.verify() == null) {
        verificationMode = null;
      } else if (stored.extras().verified() != null) {
        verificationMode = spec.verify().effectiveMode();
      }
      return new GitRepositoryStatus(
          common.observedGeneration(),
          common.conditions(),
          common.artifact(),
          common.lastHandledReconcileAt(),
          spec.ignore(),
          spec.recurseSubmodules(),
          included == null || included.isEmpty() ? null : included,
          emptyToNull(spec.include()),
          emptyToNull(spec.sparseCheckout()),
          verificationMode);
    }
    return new GitRepositoryStatus(
        common.observedGeneration(),
        common.conditions(),
        common.artifact(),
        common.lastHandledReconcileAt(),
        old == null ? null : old.observedIgnore(),
        old == null ? null : old.observedRecurseSubmodules(),
        old == null ? null : old.includedArtifacts(),
        old == null ? null : old.observedInclude(),
        old == null ? null : old.observedSparseCheckout(),
        old == null ? null : old.sourceVerificationMode());
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

  /** The status artifact if its file is still in storage (with the current URL), else null. */
  private static Artifact inStorage(Step<?> step, GitRepositoryStatus old) {
    return step.artifacts().find(old.artifact()).orElse(null);
  }

  private static GitRef ref(GitRepositorySpec spec) {
    var r = spec.ref();
    return r == null
        ? new GitRef(null, null, null, null, null)
        : new GitRef(r.branch(), r.tag(), r.semver(), r.name(), r.commit());
  }
}
