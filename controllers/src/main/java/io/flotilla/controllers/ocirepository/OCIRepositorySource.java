package io.flotilla.controllers.ocirepository;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.OCILayerSelector;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositorySpec;
import io.flotilla.api.flux.source.OCIRepositoryStatus;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.source.FailurePolicy;
import io.flotilla.controllers.source.RegistryCredentials;
import io.flotilla.controllers.source.SecretRefs;
import io.flotilla.controllers.source.SourceKind;
import io.flotilla.controllers.source.Step;
import io.flotilla.controllers.source.Stored;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.StoredArtifact;
import io.flotilla.source.oci.OciClient;
import io.flotilla.source.oci.OciFetcher;
import io.flotilla.source.oci.OciReference;
import io.flotilla.source.oci.TlsContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The OCIRepository kind of the source loop, as source-controller does it: resolve the reference to
 * a manifest digest, pull and pack the selected layer only when the revision moved, keep the
 * previous artifact on failure.
 */
record OCIRepositorySource(long maxBytes)
    implements SourceKind<OCIRepository, OCIRepositoryStatus, Void> {
  /**
   * As written before the shared loop: Reconciling dropped on a retry, an invalid URL looked at
   * again after the interval, the generation observed whatever the outcome, quiet storage errors.
   */
  private static final FailurePolicy POLICY =
      FailurePolicy.flux()
          .withRetryShowsReconciling(false)
          .withRetryObservesGeneration(true)
          .withWaitForChange(Set.of())
          .withStorageFailureIsError(false);

  @Override
  public OCIRepository newObject() {
    return new OCIRepository();
  }

  @Override
  public FailurePolicy policy() {
    return POLICY;
  }

  @Override
  public Outcome reconcile(OCIRepository repo, Step<Void> step)
      throws SourceException, IOException {
    OCIRepositorySpec spec = repo.getSpec();
    String ns = repo.getMetadata().getNamespace();
    OCIRepositoryStatus old = repo.getStatus();
    Duration timeout =
        GoDuration.parse(
            spec.timeout() == null ? OCIRepositorySpec.DEFAULT_TIMEOUT : spec.timeout());
    OciReference reference;
    try {
      reference = OciReference.parse(spec.url());
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(Reasons.URL_INVALID, e.getMessage());
    }
    RegistryCredentials creds =
        credentials(
            SecretRefs.data(step.client(), ns, spec.secretRef()), reference.registry(), spec);
    SSLContext ssl;
    try {
      ssl =
          spec.certSecretRef() == null
              ? null
              : TlsContexts.fromSecret(SecretRefs.data(step.client(), ns, spec.certSecretRef()));
    } catch (IllegalArgumentException e) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to create TLS config from secret '%s': %s"
              .formatted(spec.certSecretRef().name(), e.getMessage()),
          null);
    }
    OciClient oci =
        new OciClient(
            reference,
            new OciClient.Options(
                Boolean.TRUE.equals(spec.insecure()),
                ssl,
                creds.user(),
                creds.password(),
                timeout));
    OciFetcher fetcher = new OciFetcher(oci, maxBytes);
    var ref = spec.ref();
    OCILayerSelector selector = spec.layerSelector();
    String operation =
        selector == null || selector.operation() == null
            ? OCILayerSelector.EXTRACT
            : selector.operation();
    if (!operation.equals(OCILayerSelector.EXTRACT) && !operation.equals(OCILayerSelector.COPY)) {
      throw new IllegalArgumentException(
          "spec.layerSelector.operation '%s' is invalid: use 'extract' or 'copy'"
              .formatted(operation));
    }
    OciFetcher.Request request =
        new OciFetcher.Request(
            ref == null ? null : ref.tag(),
            ref == null ? null : ref.semver(),
            ref == null ? null : ref.digest(),
            selector == null ? null : selector.mediaType(),
            operation);
    OciFetcher.Resolved resolved = fetcher.resolve(request);
    boolean sameSettings =
        old != null
            && Objects.equals(old.observedLayerSelector(), selector)
            && Objects.equals(old.observedIgnore(), spec.ignore());
    Optional<Artifact> unchanged =
        sameSettings
            ? step.artifacts().unchanged(step.previous(), resolved.revision())
            : Optional.empty();
    Artifact artifact =
        unchanged.isPresent()
            ? unchanged.get()
            : pull(step, fetcher, resolved, request, spec.ignore());
    Stored.Notice notice =
        unchanged.isPresent()
            ? null
            : Stored.Notice.ifNewRevision(
                step.previous(),
                artifact,
                "stored artifact with revision '%s' from '%s'"
                    .formatted(resolved.revision(), spec.url()),
                Map.of(
                    GitRepository.GROUP + "/revision", artifact.revision(),
                    GitRepository.GROUP + "/digest", artifact.digest()));
    return step.stored(
        artifact, "stored artifact for revision '" + artifact.revision() + "'", notice, null);
  }

  /** Pulls the selected layer and stores it: as pulled ({@code copy}) or re-packed. */
  private static Artifact pull(
      Step<Void> step,
      OciFetcher fetcher,
      OciFetcher.Resolved resolved,
      OciFetcher.Request request,
      String ignore)
      throws SourceException, IOException {
    try (TempDirs.Scratch tmp = step.scratch("oci-")) {
      Path content = Files.createDirectories(tmp.path().resolve("content"));
      fetcher.pull(resolved, request, content, tmp.path());
      // copy stores the layer exactly as pulled (digest of those bytes); extract re-packs it
      StoredArtifact stored =
          request.operation().equals(OCILayerSelector.COPY)
              ? step.artifacts().storeFile(resolved.revision(), OciFetcher.layerFile(tmp.path()))
              : step.artifacts().store(resolved.revision(), content, ignore);
      Artifact api = stored.toApi();
      return new Artifact(
          api.path(),
          api.url(),
          api.revision(),
          api.digest(),
          api.lastUpdateTime(),
          api.size(),
          resolved.metadata());
    }
  }

  @Override
  public OCIRepositoryStatus status(OCIRepository repo, Common common, Stored<Void> stored) {
    return new OCIRepositoryStatus(
        common.observedGeneration(),
        common.conditions(),
        common.url(),
        common.artifact(),
        repo.getSpec().ignore(),
        repo.getSpec().layerSelector(),
        common.lastHandledReconcileAt());
  }

  /** The registry credentials of {@code spec.secretRef}'s data. */
  static RegistryCredentials credentials(
      Map<String, byte[]> data, String registry, OCIRepositorySpec spec) throws SourceException {
    return RegistryCredentials.of(
        data, registry, spec.secretRef() == null ? null : spec.secretRef().name());
  }
}
