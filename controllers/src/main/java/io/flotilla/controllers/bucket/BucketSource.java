package io.flotilla.controllers.bucket;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketSpec;
import io.flotilla.api.flux.source.BucketStatus;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.source.Artifacts;
import io.flotilla.controllers.source.FailurePolicy;
import io.flotilla.controllers.source.SecretRefs;
import io.flotilla.controllers.source.SourceKind;
import io.flotilla.controllers.source.Step;
import io.flotilla.controllers.source.Stored;
import io.flotilla.source.SourceException;
import io.flotilla.source.bucket.BucketFetcher;
import io.flotilla.source.bucket.BucketIndex;
import io.flotilla.source.bucket.BucketProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Bucket kind of the source loop, as source-controller does it: list the bucket into an ETag
 * index, fetch and pack only when the index's revision moved, keep the previous artifact on
 * failure.
 */
record BucketSource(long maxBytes) implements SourceKind<Bucket, BucketStatus, Void> {
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

  @Override
  public Bucket newObject() {
    return new Bucket();
  }

  @Override
  public FailurePolicy policy() {
    return POLICY;
  }

  @Override
  public Outcome reconcile(Bucket bucket, Step<Void> step) throws SourceException, IOException {
    BucketSpec spec = bucket.getSpec();
    Duration timeout =
        GoDuration.parse(spec.timeout() == null ? BucketSpec.DEFAULT_TIMEOUT : spec.timeout());
    if (spec.bucketName() == null || spec.bucketName().isBlank()) {
      throw new IllegalArgumentException("spec.bucketName is required");
    }
    String ns = bucket.getMetadata().getNamespace();
    Map<String, byte[]> secret = SecretRefs.data(step.client(), ns, spec.secretRef());
    Map<String, byte[]> tls = SecretRefs.data(step.client(), ns, spec.certSecretRef());
    BucketFetcher fetcher = new BucketFetcher(timeout, maxBytes);
    try (TempDirs.Scratch tmp = step.scratch("bucket-");
        BucketProvider provider = Providers.create(spec, secret, tls, timeout)) {
      BucketIndex index =
          fetcher.index(provider, spec.bucketName(), spec.prefix(), spec.ignore(), tmp.path());
      Artifacts artifacts = step.artifacts();
      Optional<Artifact> unchanged = artifacts.unchanged(step.previous(), index.revision());
      Artifact artifact;
      Stored.Notice notice = null;
      if (unchanged.isPresent()) {
        artifact = unchanged.get();
      } else {
        fetcher.fetch(provider, spec.bucketName(), index, tmp.path());
        artifact = artifacts.store(index.revision(), tmp.path(), spec.ignore()).toApi();
        notice =
            Stored.Notice.ifNewRevision(
                step.previous(),
                artifact,
                "stored artifact with %d fetched files from '%s' bucket"
                    .formatted(index.size(), spec.bucketName()),
                null);
      }
      return step.stored(
          artifact, "stored artifact: revision '" + artifact.revision() + "'", notice, null);
    }
  }

  @Override
  public BucketStatus status(Bucket bucket, Common common, Stored<Void> stored) {
    return new BucketStatus(
        common.observedGeneration(),
        common.conditions(),
        common.url(),
        common.artifact(),
        bucket.getSpec().ignore(),
        common.lastHandledReconcileAt());
  }
}
