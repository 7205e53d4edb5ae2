package io.flotilla.controllers.helmrepository;

import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.api.flux.source.HelmRepositorySpec;
import io.flotilla.api.flux.source.HelmRepositoryStatus;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Finalizers;
import io.flotilla.controllers.runtime.GoDuration;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.SourceConditions;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.StoredArtifact;
import io.flotilla.source.helm.ChartIndex;
import io.flotilla.source.helm.ChartRepository;
import io.flotilla.source.helm.IndexFormatException;
import io.flotilla.source.helm.RepositoryOptions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@code type: default} HelmRepository into an artifact as source-controller does: download
 * {@code index.yaml} (bounded, hashed on the way), short-circuit when the digest is the stored
 * revision, else validate it by streaming it into the compact index and store that as {@code
 * index-<digest>.yaml}. A {@code type: oci} repository is data only: its artifacts, finalizer and
 * status are removed, as Flux's migration to a static object does.
 */
public final class HelmRepositoryReconciler implements Reconciler<HelmRepository> {
  public static final String KIND = "helmrepository";

  /** source-controller's {@code --helm-index-max-size} default. */
  public static final long DEFAULT_MAX_INDEX_BYTES = 50L << 20;

  private final ArtifactStorage storage;
  private final Path workDir;
  private final long maxIndexBytes;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public HelmRepositoryReconciler(
      ArtifactStorage storage,
      Path workDir,
      long maxIndexBytes,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.storage = storage;
    this.workDir = workDir;
    this.maxIndexBytes = maxIndexBytes;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<HelmRepository> reconcile(HelmRepository repo, Context<HelmRepository> ctx) {
    if (ctx.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    HelmRepositorySpec spec = repo.getSpec();
    if (repo.isMarkedForDeletion() || spec.isOci()) {
      return finalizeOrMakeStatic(repo, ctx);
    }
    if (!repo.hasFinalizer(Annotations.FINALIZER)) {
      Finalizers.add(ctx.getClient(), repo, Annotations.FINALIZER);
    }
    if (Boolean.TRUE.equals(spec.suspend())) {
      return UpdateControl.noUpdate();
    }
    Instant start = clock.instant();
    String key = ns + "/" + name;
    HelmRepositoryStatus old = repo.getStatus();
    long generation = Objects.requireNonNullElse(repo.getMetadata().getGeneration(), 0L);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    Artifact artifact = old == null ? null : old.artifact();
    Duration interval = interval(spec);
    Duration next;
    Path tmp = null;
    try {
      ChartRepository chartRepo = repository(ctx, ns, spec);
      tmp = TempDirs.create(workDir, "helmrepository-");
      ChartRepository.Download index;
      try {
        index = chartRepo.downloadIndex(tmp.resolve("index.yaml"), maxIndexBytes);
      } catch (IOException e) {
        throw SourceException.retryable(
            Reasons.FAILED,
            "failed to fetch Helm repository index: failed to cache index to temporary file: "
                + e.getMessage(),
            null);
      }
      var stored =
          storage.list(KIND, ns, name).stream()
              .filter(a -> a.revision().equals(index.digest()))
              .findFirst();
      if (artifact != null && index.digest().equals(artifact.revision()) && stored.isPresent()) {
        // the URL follows the artifact server's current address, as Flux re-derives it
        artifact = stored.get().toApi();
      } else {
        artifact = store(repo, chartRepo, index, tmp, artifact);
      }
      SourceConditions.artifactStored(
          conditions, "stored artifact: revision '" + artifact.revision() + "'");
      failures.remove(key);
      next = Jitter.apply(interval);
    } catch (SourceException e) {
      SourceConditions.failed(conditions, e).delete(ConditionTypes.RECONCILING);
      if (e.terminal()) {
        conditions.markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage());
        next = interval;
      } else {
        conditions.delete(ConditionTypes.STALLED);
        next = Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
      }
      events.warning(repo, e.reason(), e.getMessage());
    } catch (IOException e) {
      conditions
          .markFalse(ConditionTypes.READY, Reasons.STORAGE_OPERATION_FAILED, e.getMessage())
          .markTrue(
              ConditionTypes.STORAGE_OPERATION_FAILED,
              "DirCreationFailed",
              "failed to create temporary working directory: " + e.getMessage());
      next = Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
    } finally {
      TempDirs.deleteQuietly(tmp);
    }
    repo.setStatus(
        new HelmRepositoryStatus(
            generation,
            conditions.toList(),
            artifact == null ? null : artifact.url(),
            artifact,
            Triggers.requestedAt(repo)));
    metrics.record(HelmRepository.KIND, ns, name, Duration.between(start, clock.instant()));
    return UpdateControl.patchStatus(StatusPatch.ofVersion(repo, HelmRepository::new))
        .rescheduleAfter(next);
  }

  private ChartRepository repository(
      Context<HelmRepository> ctx, String ns, HelmRepositorySpec spec) throws SourceException {
    if (spec.url() != null && spec.url().startsWith("oci://")) {
      throw SourceException.terminal(
          Reasons.URL_INVALID,
          "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default' HelmRepository type; set spec.type to 'oci'");
    }
    RepositoryOptions options = HelmRepositoryAuth.http(ctx.getClient(), ns, spec);
    try {
      return new ChartRepository(spec.url(), options);
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(Reasons.URL_INVALID, e.getMessage());
    }
  }

  /** Validates the downloaded index, stores its compact JSON form and announces it. */
  private Artifact store(
      HelmRepository repo,
      ChartRepository chartRepo,
      ChartRepository.Download index,
      Path tmp,
      Artifact previous)
      throws SourceException, IOException {
    ChartIndex parsed;
    try {
      parsed = ChartIndex.read(index.file());
    } catch (IndexFormatException e) {
      throw SourceException.retryable(
          Reasons.INDEXATION_FAILED,
          "failed to load Helm repository from index YAML: failed to load index: " + e.getMessage(),
          null);
    }
    Path json = tmp.resolve("index.json");
    try (OutputStream out = Files.newOutputStream(json)) {
      parsed.writeJson(out);
    }
    Files.delete(index.file());
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    String hex = index.digest().substring("sha256:".length());
    StoredArtifact stored =
        storage.storeFile(KIND, ns, name, index.digest(), "index-" + hex + ".yaml", json);
    storage.garbageCollect(KIND, ns, name, 2);
    if (previous == null || !stored.digest().equals(previous.digest())) {
      events.normal(
          repo,
          "NewArtifact",
          "stored fetched index of size %s from '%s'"
              .formatted(humanSize(stored.size()), chartRepo.url()));
    }
    return stored.toApi();
  }

  private UpdateControl<HelmRepository> finalizeOrMakeStatic(
      HelmRepository repo, Context<HelmRepository> ctx) {
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    boolean ours = repo.hasFinalizer(Annotations.FINALIZER);
    if (ours || repo.getStatus() != null && repo.getStatus().artifact() != null) {
      failures.remove(ns + "/" + name);
      try {
        storage.remove(KIND, ns, name);
      } catch (SourceException e) {
        events.warning(repo, e.reason(), e.getMessage());
        return UpdateControl.<HelmRepository>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
      }
      if (ours) {
        Finalizers.remove(ctx.getClient(), repo, Annotations.FINALIZER);
      }
    }
    if (!repo.isMarkedForDeletion() && repo.getStatus() != null) {
      // an oci HelmRepository is data only: Flux empties its status
      repo.setStatus(new HelmRepositoryStatus(null, null, null, null, null));
      return UpdateControl.patchStatus(StatusPatch.of(repo, HelmRepository::new));
    }
    return UpdateControl.noUpdate();
  }

  static Duration interval(HelmRepositorySpec spec) {
    try {
      return GoDuration.parse(
          spec.interval() == null ? HelmRepositorySpec.DEFAULT_INTERVAL : spec.interval());
    } catch (IllegalArgumentException e) {
      return Duration.ofMinutes(1);
    }
  }

  /** Go's {@code units.HumanSize}: decimal units, four significant digits. */
  static String humanSize(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double v = bytes;
    int i = 0;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    String s =
        new java.math.BigDecimal(v)
            .round(new java.math.MathContext(4))
            .stripTrailingZeros()
            .toPlainString();
    return s + units[i];
  }
}
