package io.flotilla.controllers.bucket;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketSpec;
import io.flotilla.api.flux.source.BucketStatus;
import io.flotilla.controllers.runtime.GoDuration;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.source.FailurePolicy;
import io.flotilla.controllers.source.SecretRefs;
import io.flotilla.controllers.source.SourceKind;
import io.flotilla.controllers.source.Step;
import io.flotilla.controllers.source.Stored;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.SourceIgnore;
import io.flotilla.source.artifact.StoredArtifact;
import io.flotilla.source.bucket.BucketFetcher;
import io.flotilla.source.bucket.BucketIndex;
import io.flotilla.source.bucket.BucketProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The Bucket kind of the source loop, as source-controller does it: list the bucket into an ETag
 * index, fetch and pack only when the index's revision moved, keep the previous artifact on
 * failure.
 */
final class BucketSource implements SourceKind<Bucket, BucketStatus, Void> {
  static final String KIND = "bucket";

  /** source-controller's reason when the provider client cannot be built from the spec. */
  static final String CLIENT_ERROR = "ClientError";

  /**
   * As written before the shared loop: Reconciling dropped and Stalled kept on a retry, backoff
   * after a terminal failure, the generation observed whatever the outcome, quiet storage errors.
   */
  private static final FailurePolicy POLICY =
      FailurePolicy.flux()
          .withRetryShowsReconciling(false)
          .withRetryClearsStalled(false)
          .withRetryObservesGeneration(true)
          .withTerminalBacksOff(true)
          .withWaitForChange(Set.of())
          .withInvalidSpecReason(CLIENT_ERROR)
          .withStorageFailureIsError(false);

  private final ArtifactStorage storage;
  private final Path workDir;
  private final long maxBytes;

  BucketSource(ArtifactStorage storage, Path workDir, long maxBytes) {
    this.storage = storage;
    this.workDir = workDir;
    this.maxBytes = maxBytes;
  }

  @Override
  public String storageKind() {
    return KIND;
  }

  @Override
  public String kind() {
    return Bucket.KIND;
  }

  @Override
  public Bucket newObject() {
    return new Bucket();
  }

  @Override
  public boolean suspended(Bucket bucket) {
    return Boolean.TRUE.equals(bucket.getSpec().suspend());
  }

  @Override
  public Duration interval(Bucket bucket) {
    return SourceKind.interval(bucket.getSpec().interval());
  }

  @Override
  public FailurePolicy policy() {
    return POLICY;
  }

  @Override
  public Common common(BucketStatus status) {
    return new Common(
        status.observedGeneration(),
        status.conditions(),
        status.artifact(),
        status.lastHandledReconcileAt());
  }

  @Override
  public Outcome reconcile(Bucket bucket, Step<Void> step) throws SourceException, IOException {
    BucketSpec spec = bucket.getSpec();
    String ns = bucket.getMetadata().getNamespace();
    String name = bucket.getMetadata().getName();
    BucketStatus old = bucket.getStatus();
    Artifact artifact = old == null ? null : old.artifact();
    Duration timeout =
        GoDuration.parse(spec.timeout() == null ? BucketSpec.DEFAULT_TIMEOUT : spec.timeout());
    if (spec.bucketName() == null || spec.bucketName().isBlank()) {
      throw new IllegalArgumentException("spec.bucketName is required");
    }
    KubernetesClient client = step.client();
    Map<String, byte[]> secret = SecretRefs.data(client, ns, spec.secretRef());
    Map<String, byte[]> tls = SecretRefs.data(client, ns, spec.certSecretRef());
    BucketFetcher fetcher = new BucketFetcher(timeout, maxBytes);
    Path tmp = null;
    try {
      tmp = TempDirs.create(workDir, "bucket-");
      try (BucketProvider provider = Providers.create(spec, secret, tls, timeout)) {
        BucketIndex index =
            fetcher.index(provider, spec.bucketName(), spec.prefix(), spec.ignore(), tmp);
        boolean upToDate =
            artifact != null
                && index.revision().equals(artifact.revision())
                && storage.latest(KIND, ns, name).isPresent();
        Stored.Notice notice = null;
        if (!upToDate) {
          fetcher.fetch(provider, spec.bucketName(), index, tmp);
          StoredArtifact stored =
              storage.store(KIND, ns, name, index.revision(), tmp, SourceIgnore.of(spec.ignore()));
          storage.garbageCollect(KIND, ns, name, 2);
          if (artifact == null || !stored.revision().equals(artifact.revision())) {
            notice =
                new Stored.Notice(
                    "NewArtifact",
                    "stored artifact with %d fetched files from '%s' bucket"
                        .formatted(index.size(), spec.bucketName()),
                    null);
          }
          artifact = stored.toApi();
        } else {
          // Same content: the URL still follows the artifact server's current address (it moves
          // with the port after a restart), as source-controller re-derives it on every reconcile.
          artifact = storage.latest(KIND, ns, name).map(StoredArtifact::toApi).orElse(artifact);
        }
        return step.stored(
            artifact, "stored artifact: revision '" + artifact.revision() + "'", notice, null);
      }
    } finally {
      TempDirs.deleteQuietly(tmp);
    }
  }

  @Override
  public BucketStatus status(Bucket bucket, Common common, Stored<Void> stored) {
    Artifact artifact = common.artifact();
    return new BucketStatus(
        common.observedGeneration(),
        common.conditions(),
        artifact == null ? null : artifact.url(),
        artifact,
        bucket.getSpec().ignore(),
        common.lastHandledReconcileAt());
  }
}
