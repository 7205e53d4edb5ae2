package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.controllers.runtime.Outcome;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link FluxConfig} into its Flux objects (source, auth Secret, one Kustomization per
 * entry), points the HelmReleases they apply that ask for it at the source ({@link ManagedSource}),
 * then reports their state back on the FluxConfig in the API's terms.
 */
public final class FluxConfigReconciler implements Reconciler<FluxConfig>, Cleaner<FluxConfig> {
  static final String FIELD_MANAGER = "fluxconfig-controller";
  private static final Duration RESYNC = Duration.ofMinutes(1);

  /** How soon a configuration waiting for another (dependsOn) looks again. */
  static final Duration DEPENDENCY_RETRY = Duration.ofSeconds(2);

  private static final String DEPENDENCY_NOT_READY = "DependencyNotReady";
  private static final String UP_TO_DATE = "Flux objects are up to date";
  private final Clock clock;
  private final StatusRollup rollup;

  public FluxConfigReconciler(Clock clock) {
    this.clock = clock;
    this.rollup = new StatusRollup(clock);
  }

  @Override
  public List<EventSource<?, FluxConfig>> prepareEventSources(EventSourceContext<FluxConfig> ctx) {
    return List.of(
        owned(ctx, GitRepository.class, "gitrepositories", null),
        owned(ctx, Bucket.class, "buckets", null),
        owned(ctx, OCIRepository.class, "ocirepositories", null),
        owned(ctx, Kustomization.class, "kustomizations", null),
        // a configuration never owns a HelmRelease: only those its Kustomizations applied (and
        // labelled) matter, so the API leaves the others' status writes out of this watch
        owned(ctx, HelmRelease.class, "helmreleases", APPLIED_BY_KUSTOMIZATION));
  }

  private static final String APPLIED_BY_KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/name";

  private static <R extends HasMetadata> EventSource<?, FluxConfig> owned(
      EventSourceContext<FluxConfig> ctx, Class<R> type, String name, String labelSelector) {
    var owners = Mappers.<R>fromOwnerReferences(FluxConfig.class, false);
    KubernetesClient client = ctx.getClient();
    var config =
        InformerEventSourceConfiguration.from(type, FluxConfig.class)
            .withName(name)
            .withLabelSelector(labelSelector)
            .withSecondaryToPrimaryMapper(
                object -> {
                  Set<ResourceID> out = new HashSet<>(owners.toPrimaryResourceIDs(object));
                  appliedBy(client, object).ifPresent(out::add);
                  return out;
                })
            .build();
    return new InformerEventSource<>(config, ctx);
  }

  /**
   * The configuration whose Kustomization applied {@code object} (by the kustomize-controller's
   * owner labels), so a change of an applied Flux object shows in the statuses at once.
   */
  private static java.util.Optional<ResourceID> appliedBy(
      KubernetesClient client, HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels == null) {
      return java.util.Optional.empty();
    }
    String ks = labels.get(APPLIED_BY_KUSTOMIZATION);
    String ns = labels.get("kustomize.toolkit.fluxcd.io/namespace");
    if (ks == null || ns == null) {
      return java.util.Optional.empty();
    }
    try {
      Kustomization owner =
          client.resources(Kustomization.class).inNamespace(ns).withName(ks).get();
      String config =
          owner == null || owner.getMetadata().getLabels() == null
              ? null
              : owner.getMetadata().getLabels().get(FluxConfig.NAME_LABEL);
      return config == null
          ? java.util.Optional.empty()
          : java.util.Optional.of(new ResourceID(config, ns));
    } catch (KubernetesClientException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public UpdateControl<FluxConfig> reconcile(FluxConfig config, Context<FluxConfig> ctx) {
    KubernetesClient client = ctx.getClient();
    String ns = config.getMetadata().getNamespace();
    String publicKey = null;
    // set while a configuration it depends on is not Compliant: its Kustomizations wait
    java.util.Optional<String> waiting = java.util.Optional.empty();
    Outcome outcome;
    try {
      Map<String, String> settings = protectedSettings(client, config);
      String sourceKind = config.getSpec().sourceKind();
      Map<String, String> authData =
          switch (sourceKind == null ? GitRepository.KIND : sourceKind) {
            case "Bucket" -> SourceSecrets.bucketData(config.getSpec().bucket(), settings);
            case "AzureBlob" -> SourceSecrets.azureBlobData(config.getSpec().azureBlob(), settings);
            case "OCIRepository" -> SourceSecrets.ociTlsData(config.getSpec().ociRepository());
            default -> AuthSecret.gitData(config.getSpec().gitRepository(), settings);
          };
      if ("OCIRepository".equals(sourceKind)) {
        publicKey = ""; // as Azure reports it for OCI sources
      } else if (FluxObjects.fluxSourceKind(config).equals(GitRepository.KIND)) {
        publicKey = repositoryPublicKey(client, config, settings, authData);
      }
      if (!authData.isEmpty()) {
        Secret secret =
            new SecretBuilder()
                .withMetadata(
                    FluxObjects.meta(
                        config, FluxObjects.authSecretName(config.getMetadata().getName())))
                .withType("Opaque")
                .withStringData(authData)
                .build();
        apply(client, secret);
      }
      for (HasMetadata object : Tenancy.objects(config)) {
        apply(client, object);
      }
      boolean auth = !authData.isEmpty();
      apply(
          client,
          switch (sourceKind == null ? GitRepository.KIND : sourceKind) {
            case "Bucket" -> FluxObjects.bucket(config, auth);
            case "AzureBlob" -> FluxObjects.azureBlob(config, auth);
            case "OCIRepository" -> FluxObjects.ociRepository(config, auth);
            case GitRepository.KIND -> FluxObjects.gitRepository(config, auth);
            default ->
                throw new IllegalArgumentException(
                    "spec.sourceKind '"
                        + sourceKind
                        + "' is invalid: use GitRepository, Bucket, AzureBlob or OCIRepository");
          });
      waiting =
          ConfigurationDependencies.waitingFor(
              config, client.resources(FluxConfig.class).inAnyNamespace().list().getItems());
      if (waiting.isEmpty()) {
        List<Kustomization> desired = FluxObjects.kustomizations(config);
        Set<String> names = new HashSet<>();
        for (Kustomization ks : desired) {
          apply(client, ks);
          names.add(ks.getMetadata().getName());
        }
        for (Kustomization existing : ownedKustomizations(client, config)) {
          if (!names.contains(existing.getMetadata().getName())) {
            client.resource(existing).delete();
          }
        }
        ManagedSource.apply(client, config, names);
      }
      outcome =
          waiting
              .<Outcome>map(w -> new Outcome.Waiting(DEPENDENCY_NOT_READY, w, DEPENDENCY_RETRY))
              .orElse(new Outcome.Ready(UP_TO_DATE, RESYNC));
    } catch (IllegalArgumentException | KubernetesClientException e) {
      outcome = new Outcome.Retry(Reasons.RECONCILIATION_FAILED, e.getMessage(), RESYNC);
    }
    config.setStatus(rollup.status(config, ctx, outcome, publicKey));
    // Only this controller writes the status, so the apply needs no optimistic lock; with one, a
    // burst of unrelated metadata writes could exhaust the retries and leave the status stale. A
    // fresh object (name, namespace, status), as JOSDK asks for server-side apply.
    return UpdateControl.patchStatus(
            io.flotilla.controllers.runtime.StatusPatch.of(config, FluxConfig::new))
        .rescheduleAfter(outcome.next());
  }

  /**
   * The public key to report: the generated pair's for an ssh URL with no key of its own (its
   * private half joins the auth Secret), else the user's key's, else none.
   */
  private static String repositoryPublicKey(
      KubernetesClient client,
      FluxConfig config,
      Map<String, String> settings,
      Map<String, String> authData) {
    var git = config.getSpec().gitRepository();
    if (RepositoryKeys.needsGenerated(git, settings)) {
      RepositoryKeys.Material key = RepositoryKeys.getOrCreate(client, config);
      authData.put(RepositoryKeys.PRIVATE_KEY, key.privateKeyPem());
      authData.put(RepositoryKeys.PUBLIC_KEY, key.publicKeyLine());
      return key.publicKeyLine();
    }
    String identity = authData.get(RepositoryKeys.PRIVATE_KEY);
    return identity == null ? null : RepositoryKeys.publicKeyOf(identity);
  }

  private static void apply(KubernetesClient client, HasMetadata object) {
    String request = ReconcileRequests.takeFrom(object);
    HasMetadata applied =
        client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    ReconcileRequests.pass(client, applied, request);
  }

  private static List<Kustomization> ownedKustomizations(
      KubernetesClient client, FluxConfig config) {
    return client
        .resources(Kustomization.class)
        .inNamespace(config.getMetadata().getNamespace())
        .withLabel(FluxConfig.NAME_LABEL, config.getMetadata().getName())
        .list()
        .getItems();
  }

  private static Map<String, String> protectedSettings(KubernetesClient client, FluxConfig config) {
    var ref = config.getSpec().protectedSettingsRef();
    if (ref == null) {
      return Map.of();
    }
    Secret secret =
        client
            .secrets()
            .inNamespace(config.getMetadata().getNamespace())
            .withName(ref.name())
            .get();
    if (secret == null || secret.getData() == null) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    // Secret data is base64 of the value; the value itself is what the API carried.
    secret
        .getData()
        .forEach(
            (k, v) ->
                out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }

  /**
   * Deletes the Kustomizations first (their finalizers prune), then the source; keeps the
   * namespace's flux-applier identity while what they pruned still finalizes as it ({@link
   * ApplierInUse}), then goes.
   */
  @Override
  public DeleteControl cleanup(FluxConfig config, Context<FluxConfig> ctx) {
    KubernetesClient client = ctx.getClient();
    List<Kustomization> remaining = ownedKustomizations(client, config);
    if (!remaining.isEmpty()) {
      remaining.stream()
          .filter(k -> k.getMetadata().getDeletionTimestamp() == null)
          .forEach(k -> client.resource(k).delete());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(1000);
    }
    String ns = config.getMetadata().getNamespace();
    String name = config.getMetadata().getName();
    for (Class<? extends HasMetadata> kind :
        List.of(GitRepository.class, Bucket.class, OCIRepository.class)) {
      var source = client.resources(kind).inNamespace(ns).withName(name);
      if (source.get() != null) {
        source.delete();
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(1000);
      }
    }
    List<FluxConfig> others =
        client.resources(FluxConfig.class).inNamespace(ns).list().getItems().stream()
            .filter(
                c ->
                    !c.getMetadata().getName().equals(name)
                        && c.getMetadata().getDeletionTimestamp() == null)
            .toList();
    List<HasMetadata> leftovers = Tenancy.leftovers(config, others);
    if (!leftovers.isEmpty()
        && ApplierInUse.mayWait(config.getMetadata().getDeletionTimestamp(), clock.instant())
        && !ApplierInUse.finalizing(client, ns).isEmpty()) {
      // what the Kustomizations pruned still uninstalls (or prunes) as flux-applier
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(2000);
    }
    client.secrets().inNamespace(ns).withName(FluxObjects.authSecretName(name)).delete();
    client.secrets().inNamespace(ns).withName(RepositoryKeys.secretName(name)).delete();
    leftovers.forEach(o -> client.resource(o).delete());
    return DeleteControl.defaultDelete();
  }
}
