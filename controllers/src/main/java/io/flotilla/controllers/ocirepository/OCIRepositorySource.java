package io.flotilla.controllers.ocirepository;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.OCILayerSelector;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositorySpec;
import io.flotilla.api.flux.source.OCIRepositoryStatus;
import io.flotilla.controllers.runtime.GoDuration;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.source.FailurePolicy;
import io.flotilla.controllers.source.RegistryCredentials;
import io.flotilla.controllers.source.SecretRefs;
import io.flotilla.controllers.source.SourceKind;
import io.flotilla.controllers.source.Step;
import io.flotilla.controllers.source.Stored;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.SourceIgnore;
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
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The OCIRepository kind of the source loop, as source-controller does it: resolve the reference to
 * a manifest digest, pull and pack the selected layer only when the revision moved, keep the
 * previous artifact on failure.
 */
final class OCIRepositorySource implements SourceKind<OCIRepository, OCIRepositoryStatus, Void> {
  static final String KIND = "ocirepository";

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

  private final ArtifactStorage storage;
  private final Path workDir;
  private final long maxBytes;

  OCIRepositorySource(ArtifactStorage storage, Path workDir, long maxBytes) {
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
    return OCIRepository.KIND;
  }

  @Override
  public OCIRepository newObject() {
    return new OCIRepository();
  }

  @Override
  public boolean suspended(OCIRepository repo) {
    return Boolean.TRUE.equals(repo.getSpec().suspend());
  }

  @Override
  public Duration interval(OCIRepository repo) {
    return SourceKind.interval(repo.getSpec().interval());
  }

  @Override
  public FailurePolicy policy() {
    return POLICY;
  }

  @Override
  public Common common(OCIRepositoryStatus status) {
    return new Common(
        status.observedGeneration(),
        status.conditions(),
        status.artifact(),
        status.lastHandledReconcileAt());
  }

  @Override
  public Outcome reconcile(OCIRepository repo, Step<Void> step)
      throws SourceException, IOException {
    OCIRepositorySpec spec = repo.getSpec();
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    OCIRepositoryStatus old = repo.getStatus();
    Artifact artifact = old == null ? null : old.artifact();
    Duration timeout =
        GoDuration.parse(
            spec.timeout() == null ? OCIRepositorySpec.DEFAULT_TIMEOUT : spec.timeout());
    OciReference reference;
    try {
      reference = OciReference.parse(spec.url());
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(Reasons.URL_INVALID, e.getMessage());
    }
    KubernetesClient client = step.client();
    RegistryCredentials creds =
        credentials(SecretRefs.data(client, ns, spec.secretRef()), reference.registry(), spec);
    SSLContext ssl;
    try {
      ssl =
          spec.certSecretRef() == null
              ? null
              : TlsContexts.fromSecret(SecretRefs.data(client, ns, spec.certSecretRef()));
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
    boolean upToDate =
        artifact != null
            && resolved.revision().equals(artifact.revision())
            && Objects.equals(old.observedLayerSelector(), selector)
            && Objects.equals(old.observedIgnore(), spec.ignore())
            && storage.latest(KIND, ns, name).isPresent();
    Stored.Notice notice = null;
    if (!upToDate) {
      Path tmp = null;
      try {
        tmp = TempDirs.create(workDir, "oci-");
        Path content = Files.createDirectories(tmp.resolve("content"));
        fetcher.pull(resolved, request, content, tmp);
        // copy stores the layer exactly as pulled (digest of those bytes); extract re-packs it
        StoredArtifact stored =
            operation.equals(OCILayerSelector.COPY)
                ? storage.storeFile(KIND, ns, name, resolved.revision(), OciFetcher.layerFile(tmp))
                : storage.store(
                    KIND, ns, name, resolved.revision(), content, SourceIgnore.of(spec.ignore()));
        storage.garbageCollect(KIND, ns, name, 2);
        Artifact api = stored.toApi();
        if (artifact == null || !stored.revision().equals(artifact.revision())) {
          notice =
              new Stored.Notice(
                  "NewArtifact",
                  "stored artifact with revision '%s' from '%s'"
                      .formatted(resolved.revision(), spec.url()),
                  Map.of(
                      GitRepository.GROUP + "/revision", stored.revision(),
                      GitRepository.GROUP + "/digest", stored.digest()));
        }
        artifact =
            new Artifact(
                api.path(),
                api.url(),
                api.revision(),
                api.digest(),
                api.lastUpdateTime(),
                api.size(),
                resolved.metadata());
      } finally {
        TempDirs.deleteQuietly(tmp);
      }
    } else {
      // Same content: the URL still follows the artifact server's current address (it moves
      // with the port after a restart), as source-controller re-derives it on every reconcile.
      artifact = storage.latest(KIND, ns, name).map(StoredArtifact::toApi).orElse(artifact);
    }
    return step.stored(
        artifact, "stored artifact for revision '" + artifact.revision() + "'", notice, null);
  }

  @Override
  public OCIRepositoryStatus status(OCIRepository repo, Common common, Stored<Void> stored) {
    Artifact artifact = common.artifact();
    return new OCIRepositoryStatus(
        common.observedGeneration(),
        common.conditions(),
        artifact == null ? null : artifact.url(),
        artifact,
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
