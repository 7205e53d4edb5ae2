package io.flotilla.controllers.ocirepository;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.OCILayerSelector;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositorySpec;
import io.flotilla.api.flux.source.OCIRepositoryStatus;
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
import io.flotilla.source.oci.OciClient;
import io.flotilla.source.oci.OciFetcher;
import io.flotilla.source.oci.OciReference;
import io.flotilla.source.oci.TlsContexts;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * Turns an {@link OCIRepository} into an artifact as source-controller does: resolve the reference
 * to a manifest digest, pull and pack the selected layer only when the revision moved, keep the
 * previous artifact on failure.
 */
public final class OCIRepositoryReconciler implements Reconciler<OCIRepository> {
  static final String KIND = "ocirepository";
  private final ArtifactStorage storage;
  private final Path workDir;
  private final long maxBytes;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public OCIRepositoryReconciler(
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
  public UpdateControl<OCIRepository> reconcile(OCIRepository repo, Context<OCIRepository> ctx) {
    if (ctx.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    String ns = repo.getMetadata().getNamespace();
    String name = repo.getMetadata().getName();
    String key = ns + "/" + name;
    if (repo.isMarkedForDeletion()) {
      if (repo.hasFinalizer(Annotations.FINALIZER)) {
        failures.remove(key);
        try {
          storage.remove(KIND, ns, name);
        } catch (SourceException e) {
          events.warning(repo, e.reason(), e.getMessage());
          return UpdateControl.<OCIRepository>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
        }
        Finalizers.remove(ctx.getClient(), repo, Annotations.FINALIZER);
      }
      return UpdateControl.noUpdate();
    }
    if (!repo.hasFinalizer(Annotations.FINALIZER)) {
      Finalizers.add(ctx.getClient(), repo, Annotations.FINALIZER);
    }
    OCIRepositorySpec spec = repo.getSpec();
    if (Boolean.TRUE.equals(spec.suspend())) {
      return UpdateControl.noUpdate();
    }
    Instant start = clock.instant();
    OCIRepositoryStatus old = repo.getStatus();
    long generation = Objects.requireNonNullElse(repo.getMetadata().getGeneration(), 0L);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    Artifact artifact = old == null ? null : old.artifact();
    Duration interval;
    try {
      interval = GoDuration.parse(spec.interval());
    } catch (IllegalArgumentException e) {
      interval = Duration.ofMinutes(10);
    }
    Duration next;
    Path tmp = null;
    try {
      Duration timeout =
          GoDuration.parse(
              spec.timeout() == null ? OCIRepositorySpec.DEFAULT_TIMEOUT : spec.timeout());
      OciReference reference;
      try {
        reference = OciReference.parse(spec.url());
      } catch (IllegalArgumentException e) {
        throw SourceException.terminal(Reasons.URL_INVALID, e.getMessage());
      }
      KubernetesClient client = ctx.getClient();
      Credentials creds =
          credentials(secret(client, ns, spec.secretRef()), reference.registry(), spec);
      SSLContext ssl;
      try {
        ssl =
            spec.certSecretRef() == null
                ? null
                : TlsContexts.fromSecret(secret(client, ns, spec.certSecretRef()));
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
      if (!upToDate) {
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
          events.normal(
              repo,
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
      } else {
        // Same content: the URL still follows the artifact server's current address (it moves
        // with the port after a restart), as source-controller re-derives it on every reconcile.
        artifact = storage.latest(KIND, ns, name).map(StoredArtifact::toApi).orElse(artifact);
      }
      String message = "stored artifact for revision '" + artifact.revision() + "'";
      SourceConditions.artifactStored(conditions, message);
      failures.remove(key);
      next = Jitter.apply(interval);
    } catch (SourceException e) {
      SourceConditions.failed(conditions, e).delete(ConditionTypes.RECONCILING);
      if (e.terminal()) {
        conditions.markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage());
      } else {
        conditions.delete(ConditionTypes.STALLED);
      }
      events.warning(repo, e.reason(), e.getMessage());
      next =
          e.terminal() ? interval : Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
    } catch (IllegalArgumentException e) {
      conditions
          .markFalse(ConditionTypes.READY, Reasons.FAILED, e.getMessage())
          .markTrue(ConditionTypes.STALLED, Reasons.FAILED, e.getMessage())
          .delete(ConditionTypes.RECONCILING);
      events.warning(repo, Reasons.FAILED, e.getMessage());
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
    repo.setStatus(
        new OCIRepositoryStatus(
            generation,
            conditions.toList(),
            artifact == null ? null : artifact.url(),
            artifact,
            spec.ignore(),
            spec.layerSelector(),
            Triggers.requestedAt(repo)));
    metrics.record(OCIRepository.KIND, ns, name, Duration.between(start, clock.instant()));
    // the status reuses the artifact this reconcile read, so the write keeps its resourceVersion
    return UpdateControl.patchStatus(
            io.flotilla.controllers.runtime.StatusPatch.ofVersion(repo, OCIRepository::new))
        .rescheduleAfter(next);
  }

  record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[user=" + user + "]";
    }
  }

  /**
   * {@code kubernetes.io/dockerconfigjson} ({@code .dockerconfigjson}, the entry for the registry)
   * or a plain {@code username}/{@code password} Secret.
   */
  static Credentials credentials(Map<String, byte[]> data, String registry, OCIRepositorySpec spec)
      throws SourceException {
    if (data.isEmpty()) {
      return new Credentials(null, null);
    }
    byte[] docker = data.get(".dockerconfigjson");
    if (docker != null) {
      try {
        var auths =
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(docker).path("auths");
        for (var it = auths.fields(); it.hasNext(); ) {
          var e = it.next();
          String host = e.getKey().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
          if (!host.equals(registry)) {
            continue;
          }
          var entry = e.getValue();
          if (entry.hasNonNull("auth")) {
            String pair =
                new String(
                    Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon > 0) {
              return new Credentials(pair.substring(0, colon), pair.substring(colon + 1));
            }
          }
          return new Credentials(
              entry.path("username").asText(null), entry.path("password").asText(null));
        }
        return new Credentials(null, null);
      } catch (IOException | IllegalArgumentException e) {
        throw SourceException.retryable(
            Reasons.AUTHENTICATION_FAILED,
            "failed to parse '.dockerconfigjson' of secret '%s': not valid JSON with base64 'auth' entries"
                .formatted(spec.secretRef().name()),
            null);
      }
    }
    byte[] user = data.get("username");
    byte[] pass = data.get("password");
    if (user == null || pass == null) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "invalid '%s' secret data: requires '.dockerconfigjson' or both 'username' and 'password'"
              .formatted(spec.secretRef().name()),
          null);
    }
    return new Credentials(
        new String(user, StandardCharsets.UTF_8), new String(pass, StandardCharsets.UTF_8));
  }

  private static Map<String, byte[]> secret(
      KubernetesClient client, String ns, LocalObjectReference ref) throws SourceException {
    if (ref == null) {
      return Map.of();
    }
    Secret secret = client.secrets().inNamespace(ns).withName(ref.name()).get();
    if (secret == null) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to get secret '%s/%s': secrets \"%s\" not found"
              .formatted(ns, ref.name(), ref.name()),
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
