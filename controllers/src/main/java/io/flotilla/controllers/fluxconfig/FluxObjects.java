package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.api.arm.RepositoryRefDefinition;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketSpec;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryRef;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.api.flux.source.OCILayerSelector;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositoryRef;
import io.flotilla.api.flux.source.OCIRepositorySpec;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigSpec;
import io.flotilla.controllers.runtime.Triggers;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps a FluxConfig to the Flux objects it owns, as Azure's fluxconfig-controller does: a source
 * named like the configuration and one Kustomization {@code <config>-<name>} per entry.
 */
final class FluxObjects {
  static final long DEFAULT_SECONDS = 600;

  private FluxObjects() {}

  static String kustomizationName(String config, String kustomization) {
    return config + "-" + kustomization;
  }

  static String authSecretName(String config) {
    return config + "-auth";
  }

  static GitRepository gitRepository(FluxConfig config, boolean hasAuthSecret) {
    FluxConfigSpec spec = config.getSpec();
    GitRepositoryDefinition git = spec.gitRepository();
    if (git == null || git.url() == null) {
      throw new IllegalArgumentException(
          "spec.gitRepository.url is required for sourceKind GitRepository");
    }
    GitRepository repo = new GitRepository();
    repo.setMetadata(fluxMeta(config, name(config)));
    repo.setSpec(
        GitRepositorySpec.of(
                git.url(), seconds(git.syncIntervalInSeconds()), ref(git.repositoryRef()))
            .withSecretRef(secretRef(config, git.localAuthRef(), hasAuthSecret))
            .withProvider("Azure".equalsIgnoreCase(git.provider()) ? "azure" : null)
            .withTimeout(seconds(git.timeoutInSeconds()))
            .withSuspend(trueOrNull(spec.suspend())));
    return repo;
  }

  /**
   * sourceKind Bucket: provider generic; {@code url} gives the endpoint (host[:port]) and, by its
   * scheme, {@code insecure} (http).
   */
  static Bucket bucket(FluxConfig config, boolean hasAuthSecret) {
    BucketDefinition b = config.getSpec().bucket();
    if (b == null || b.url() == null || b.bucketName() == null) {
      throw new IllegalArgumentException(
          "spec.bucket.url and spec.bucket.bucketName are required for sourceKind Bucket");
    }
    URI url = endpointUrl("spec.bucket.url", b.url());
    BucketSpec spec =
        BucketSpec.of(
                BucketSpec.GENERIC,
                b.bucketName(),
                url.getRawAuthority(),
                seconds(b.syncIntervalInSeconds()))
            .with(s -> s.insecure = "http".equalsIgnoreCase(url.getScheme()) ? true : null);
    return bucket(config, spec, b.localAuthRef(), b.timeoutInSeconds(), hasAuthSecret);
  }

  /** sourceKind AzureBlob: a Bucket with provider azure on the account's blob endpoint. */
  static Bucket azureBlob(FluxConfig config, boolean hasAuthSecret) {
    AzureBlobDefinition a = config.getSpec().azureBlob();
    if (a == null || a.url() == null || a.containerName() == null) {
      throw new IllegalArgumentException(
          "spec.azureBlob.url and spec.azureBlob.containerName are required for sourceKind AzureBlob");
    }
    endpointUrl("spec.azureBlob.url", a.url());
    BucketSpec spec =
        BucketSpec.of(
            BucketSpec.AZURE, a.containerName(), a.url(), seconds(a.syncIntervalInSeconds()));
    return bucket(config, spec, a.localAuthRef(), a.timeoutInSeconds(), hasAuthSecret);
  }

  /** The configuration's Bucket: {@code spec} with the secret, the timeout and suspension. */
  private static Bucket bucket(
      FluxConfig config,
      BucketSpec spec,
      String localAuthRef,
      Long timeoutInSeconds,
      boolean hasAuthSecret) {
    Bucket bucket = new Bucket();
    bucket.setMetadata(fluxMeta(config, name(config)));
    bucket.setSpec(
        spec.with(
            s -> {
              s.secretRef = secretRef(config, localAuthRef, hasAuthSecret);
              s.timeout = seconds(timeoutInSeconds);
              s.suspend = trueOrNull(config.getSpec().suspend());
            }));
    return bucket;
  }

  /** sourceKind OCIRepository; {@code tlsConfig} goes to the auth Secret as certSecretRef. */
  static OCIRepository ociRepository(FluxConfig config, boolean hasTlsSecret) {
    OciRepositoryDefinition o = config.getSpec().ociRepository();
    if (o == null || o.url() == null) {
      throw new IllegalArgumentException(
          "spec.ociRepository.url is required for sourceKind OCIRepository");
    }
    var r = o.repositoryRef();
    var l = o.layerSelector();
    OCIRepository repo = new OCIRepository();
    repo.setMetadata(fluxMeta(config, name(config)));
    repo.setSpec(
        new OCIRepositorySpec(
            o.url(),
            r == null ? null : new OCIRepositoryRef(r.digest(), r.semver(), null, r.tag()),
            l == null ? null : new OCILayerSelector(l.mediaType(), l.operation()),
            null,
            o.localAuthRef() == null ? null : new LocalObjectReference(o.localAuthRef()),
            o.serviceAccountName(),
            hasTlsSecret ? new LocalObjectReference(authSecretName(name(config))) : null,
            null,
            trueOrNull(o.insecure()),
            seconds(o.syncIntervalInSeconds()),
            seconds(o.timeoutInSeconds()),
            null,
            trueOrNull(config.getSpec().suspend())));
    return repo;
  }

  private static LocalObjectReference secretRef(
      FluxConfig config, String localAuthRef, boolean hasAuthSecret) {
    return localAuthRef != null
        ? new LocalObjectReference(localAuthRef)
        : hasAuthSecret ? new LocalObjectReference(authSecretName(name(config))) : null;
  }

  private static URI endpointUrl(String field, String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " '" + url + "' is not a valid URL", e);
    }
    if (u.getScheme() == null
        || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
        || u.getRawAuthority() == null) {
      throw new IllegalArgumentException(
          field + " '" + url + "' must begin with http:// or https:// followed by a host");
    }
    return u;
  }

  /** The Flux kind a FluxConfig's sourceKind becomes (AzureBlob is a Bucket). */
  static String fluxSourceKind(FluxConfig config) {
    String kind = config.getSpec().sourceKind();
    return "AzureBlob".equals(kind) ? Bucket.KIND : kind == null ? GitRepository.KIND : kind;
  }

  static List<Kustomization> kustomizations(FluxConfig config) {
    Map<String, KustomizationDefinition> entries = config.getSpec().kustomizations();
    List<Kustomization> out = new ArrayList<>();
    if (entries == null) {
      return out;
    }
    String configName = name(config);
    entries.forEach(
        (key, k) -> {
          Kustomization ks = new Kustomization();
          ks.setMetadata(fluxMeta(config, kustomizationName(configName, key)));
          List<DependencyReference> deps =
              k.dependsOn() == null || k.dependsOn().isEmpty()
                  ? null
                  : k.dependsOn().stream()
                      .map(
                          d ->
                              new DependencyReference(kustomizationName(configName, d), null, null))
                      .toList();
          ks.setSpec(
              KustomizationSpec.of(
                  b -> {
                    b.sourceRef =
                        new NamespacedObjectKindReference(
                            GitRepository.API_VERSION, fluxSourceKind(config), configName, null);
                    b.path = k.path() == null || k.path().isEmpty() ? null : k.path();
                    b.interval = seconds(k.syncIntervalInSeconds());
                    b.retryInterval =
                        k.retryIntervalInSeconds() == null
                            ? null
                            : GoDuration.format(Duration.ofSeconds(k.retryIntervalInSeconds()));
                    b.timeout = seconds(k.timeoutInSeconds());
                    b.prune = Boolean.TRUE.equals(k.prune());
                    b.waitForHealth = k.waitForHealth() == null || k.waitForHealth();
                    b.force = trueOrNull(k.force());
                    b.dependsOn = deps;
                    b.suspend = trueOrNull(config.getSpec().suspend());
                    b.postBuild = postBuild(k);
                    if (k.decryption() != null) {
                      b.decryption = decryption(k.decryption());
                    }
                  }));
          out.add(ks);
        });
    return out;
  }

  /** Flotilla's extension of Azure's API: spec.decryption with the user's Secret. */
  private static KustomizationSpec.Decryption decryption(
      KustomizationDefinition.DecryptionDefinition d) {
    return new KustomizationSpec.Decryption(
        d.provider(),
        d.secretRef() == null || d.secretRef().name() == null
            ? null
            : new LocalObjectReference(d.secretRef().name()),
        null);
  }

  private static KustomizationSpec.PostBuild postBuild(KustomizationDefinition k) {
    if (k.postBuild() == null) {
      return null;
    }
    var from =
        k.postBuild().substituteFrom() == null
            ? null
            : k.postBuild().substituteFrom().stream()
                .map(
                    s ->
                        new KustomizationSpec.SubstituteReference(
                            s.kind(), s.name(), trueOrNull(s.optional())))
                .toList();
    return new KustomizationSpec.PostBuild(k.postBuild().substitute(), from);
  }

  private static GitRepositoryRef ref(RepositoryRefDefinition r) {
    if (r == null) {
      return null;
    }
    return new GitRepositoryRef(r.branch(), r.tag(), r.semver(), null, r.commit());
  }

  /** True, or null (unset) for false or null, as Flux writes the optional flags. */
  private static Boolean trueOrNull(Boolean value) {
    return Boolean.TRUE.equals(value) ? true : null;
  }

  private static String seconds(Long value) {
    return GoDuration.format(Duration.ofSeconds(value == null ? DEFAULT_SECONDS : value));
  }

  private static String name(FluxConfig config) {
    return config.getMetadata().getName();
  }

  /** Flux's sharding label: a shard's controllers watch only the objects that carry its key. */
  static final String SHARD_LABEL = "sharding.fluxcd.io/key";

  /**
   * The metadata of a Flux object of the configuration: a reconcile asked of the configuration
   * ({@code reconcile.fluxcd.io/requestedAt}) reaches it, so the source fetches now and the
   * Kustomizations apply again, as {@code flux reconcile --with-source} does.
   */
  static ObjectMeta fluxMeta(FluxConfig config, String name) {
    ObjectMeta meta = meta(config, name);
    String requestedAt = Triggers.requestedAt(config);
    if (requestedAt != null) {
      meta.setAnnotations(Map.of(Annotations.RECONCILE_REQUESTED_AT, requestedAt));
    }
    return meta;
  }

  /**
   * What every object made for {@code config} carries: its name label, the configuration's shard
   * (so the shard that reconciles the configuration also reconciles its sources and Kustomizations)
   * and the owner reference.
   */
  static ObjectMeta meta(FluxConfig config, String name) {
    Map<String, String> labels = config.getMetadata().getLabels();
    String shard = labels == null ? null : labels.get(SHARD_LABEL);
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(config.getMetadata().getNamespace())
            .addToLabels(FluxConfig.NAME_LABEL, name(config));
    if (shard != null) {
      meta.addToLabels(SHARD_LABEL, shard);
    }
    return meta.addToOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(FluxConfig.API_VERSION)
                .withKind(FluxConfig.KIND)
                .withName(name(config))
                .withUid(config.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .build();
  }
}
