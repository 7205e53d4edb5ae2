package io.flotilla.controllers.bucket;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketSpec;
import io.flotilla.api.flux.source.BucketStatus;
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
import io.flotilla.source.bucket.BucketFetcher;
import io.flotilla.source.bucket.BucketIndex;
import io.flotilla.source.bucket.BucketProvider;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@link Bucket} into an artifact as source-controller does: list the bucket into an ETag
 * index, fetch and pack only when the index's revision moved, keep the previous artifact on
 * failure.
 */
public final class BucketReconciler implements Reconciler<Bucket> {
  static final String KIND = "bucket";

  /** source-controller's reason when the provider client cannot be built from the spec. */
  static final String CLIENT_ERROR = "ClientError";

  private final ArtifactStorage storage;
  private final Path workDir;
  private final long maxBytes;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public BucketReconciler(
      ArtifactStorage storage,
      Path workDir,
      long maxBytes,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.storage = storage;
    this.workDir = workDir;
    this.maxBytes = maxBytes;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Bucket> reconcile(Bucket bucket, Context<Bucket> ctx) {
    if (ctx.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    String ns = bucket.getMetadata().getNamespace();
    String name = bucket.getMetadata().getName();
    if (bucket.isMarkedForDeletion()) {
      if (bucket.hasFinalizer(Annotations.FINALIZER)) {
        failures.remove(ns + "/" + name);
        try {
          storage.remove(KIND, ns, name);
        } catch (SourceException e) {
          events.warning(bucket, e.reason(), e.getMessage());
          return UpdateControl.<Bucket>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
        }
        Finalizers.remove(ctx.getClient(), bucket, Annotations.FINALIZER);
      }
      return UpdateControl.noUpdate();
    }
    if (!bucket.hasFinalizer(Annotations.FINALIZER)) {
      Finalizers.add(ctx.getClient(), bucket, Annotations.FINALIZER);
    }
    BucketSpec spec = bucket.getSpec();
    if (Boolean.TRUE.equals(spec.suspend())) {
      return UpdateControl.noUpdate();
    }
    Instant start = clock.instant();
    String key = ns + "/" + name;
    BucketStatus old = bucket.getStatus();
    long generation = Objects.requireNonNullElse(bucket.getMetadata().getGeneration(), 0L);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    Artifact artifact = old == null ? null : old.artifact();
    Duration interval;
    Duration next;
    Path tmp = null;
    try {
      interval = GoDuration.parse(spec.interval());
    } catch (IllegalArgumentException e) {
      interval = Duration.ofMinutes(10);
    }
    try {
      Duration timeout =
          GoDuration.parse(spec.timeout() == null ? BucketSpec.DEFAULT_TIMEOUT : spec.timeout());
      if (spec.bucketName() == null || spec.bucketName().isBlank()) {
        throw new IllegalArgumentException("spec.bucketName is required");
      }
      Map<String, byte[]> secret = secret(ctx.getClient(), ns, spec.secretRef());
      Map<String, byte[]> tls = secret(ctx.getClient(), ns, spec.certSecretRef());
      BucketFetcher fetcher = new BucketFetcher(timeout, maxBytes);
      tmp = TempDirs.create(workDir, "bucket-");
      try (BucketProvider provider = Providers.create(spec, secret, tls, timeout)) {
        BucketIndex index =
            fetcher.index(provider, spec.bucketName(), spec.prefix(), spec.ignore(), tmp);
        boolean upToDate =
            artifact != null
                && index.revision().equals(artifact.revision())
                && storage.latest(KIND, ns, name).isPresent();
        if (!upToDate) {
          fetcher.fetch(provider, spec.bucketName(), index, tmp);
          StoredArtifact stored =
              storage.store(KIND, ns, name, index.revision(), tmp, SourceIgnore.of(spec.ignore()));
          storage.garbageCollect(KIND, ns, name, 2);
          if (artifact == null || !stored.revision().equals(artifact.revision())) {
            events.normal(
                bucket,
                "NewArtifact",
                "stored artifact with %d fetched files from '%s' bucket"
                    .formatted(index.size(), spec.bucketName()));
          }
          artifact = stored.toApi();
        } else {
          // Same content: the URL still follows the artifact server's current address (it moves
          // with the port after a restart), as source-controller re-derives it on every reconcile.
          artifact = storage.latest(KIND, ns, name).map(StoredArtifact::toApi).orElse(artifact);
        }
      }
      String message = "stored artifact: revision '" + artifact.revision() + "'";
      SourceConditions.artifactStored(conditions, message);
      failures.remove(key);
      next = Jitter.apply(interval);
    } catch (SourceException e) {
      SourceConditions.failed(conditions, e).delete(ConditionTypes.RECONCILING);
      if (e.terminal()) {
        conditions.markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage());
      }
      events.warning(bucket, e.reason(), e.getMessage());
      next = Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
    } catch (IllegalArgumentException e) {
      conditions
          .markFalse(ConditionTypes.READY, CLIENT_ERROR, e.getMessage())
          .markTrue(ConditionTypes.STALLED, CLIENT_ERROR, e.getMessage())
          .delete(ConditionTypes.RECONCILING);
      events.warning(bucket, CLIENT_ERROR, e.getMessage());
      next = interval;
    } catch (IOException e) {
      conditions
          .markFalse(ConditionTypes.READY, Reasons.STORAGE_OPERATION_FAILED, e.getMessage())
          .markTrue(
              ConditionTypes.STORAGE_OPERATION_FAILED,
              Reasons.STORAGE_OPERATION_FAILED,
              "failed to create temporary working directory: " + e.getMessage());
      next = Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
    } finally {
      TempDirs.deleteQuietly(tmp);
    }
    bucket.setStatus(
        new BucketStatus(
            generation,
            conditions.toList(),
            artifact == null ? null : artifact.url(),
            artifact,
            spec.ignore(),
            Triggers.requestedAt(bucket)));
    metrics.record(Bucket.KIND, ns, name, Duration.between(start, clock.instant()));
    // the status reuses the artifact this reconcile read, so the write keeps its resourceVersion
    return UpdateControl.patchStatus(
            io.flotilla.controllers.runtime.StatusPatch.ofVersion(bucket, Bucket::new))
        .rescheduleAfter(next);
  }

  /** The decoded data of a referenced secret, empty without a reference. */
  private static Map<String, byte[]> secret(
      KubernetesClient client, String ns, io.flotilla.api.flux.meta.LocalObjectReference ref)
      throws SourceException {
    if (ref == null || ref.name() == null) {
      return Map.of();
    }
    String secretName = ref.name();
    Secret secret = client.secrets().inNamespace(ns).withName(secretName).get();
    if (secret == null) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to get secret '%s/%s': secrets \"%s\" not found"
              .formatted(ns, secretName, secretName),
          null);
    }
    Map<String, byte[]> out = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  out.put(k, Base64.getDecoder().decode(v.getBytes(StandardCharsets.US_ASCII))));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
