package io.flotilla.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.RecordBuilder;
import io.flotilla.helm.EngineOptions;
import io.flotilla.helm.HelmEngine;
import io.flotilla.helm.Releases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How the controllers run: {@code dataDir} holds artifacts and scratch space; the artifact server
 * binds {@code host:artifactPort} (0 = any free port); Kustomizations without {@code
 * spec.serviceAccountName} act as {@code defaultServiceAccount} of their namespace (Flux's {@code
 * --default-service-account}; null keeps the controller's own identity); {@code
 * noCrossNamespaceRefs} refuses sources in other namespaces (Flux's {@code
 * --no-cross-namespace-refs}); {@code helmReleases} is the Helm release engine for a cluster client
 * ({@link HelmEngine} by default; null: the helm-controller cannot run in this process); {@code
 * environment} is where the controllers read their own cloud identity ({@code AZURE_*}: the process
 * environment by default, a map in tests).
 */
public record ControllerOptions(
    Path dataDir,
    String host,
    int artifactPort,
    Duration requeueDependency,
    int concurrency,
    long maxArtifactBytes,
    MeterRegistry meters,
    Clock clock,
    String defaultServiceAccount,
    boolean noCrossNamespaceRefs,
    Function<KubernetesClient, Releases> helmReleases,
    String watchLabelSelector,
    Map<String, String> environment) {

  public static ControllerOptions defaults(Path dataDir) {
    return new ControllerOptions(
        dataDir,
        "127.0.0.1",
        0,
        Duration.ofSeconds(30),
        10,
        100L * 1024 * 1024,
        new SimpleMeterRegistry(),
        Clock.systemUTC(),
        null,
        false,
        client -> HelmEngine.create(client, EngineOptions.defaults()),
        null,
        System.getenv());
  }

  public ControllerOptions withRequeueDependency(Duration d) {
    return with(o -> o.requeueDependency = d);
  }

  /** Where the artifact server binds: a stable port keeps stored artifact URLs valid. */
  public ControllerOptions withArtifactPort(int port) {
    return with(o -> o.artifactPort = port);
  }

  public ControllerOptions withConcurrency(int n) {
    return with(o -> o.concurrency = n);
  }

  public ControllerOptions withMeters(MeterRegistry m) {
    return with(o -> o.meters = m);
  }

  public ControllerOptions withDefaultServiceAccount(String name) {
    return with(o -> o.defaultServiceAccount = name);
  }

  public ControllerOptions withNoCrossNamespaceRefs(boolean block) {
    return with(o -> o.noCrossNamespaceRefs = block);
  }

  /**
   * Azure's {@code multiTenancy.enforce}: Kustomizations act as {@code flux-applier} unless they
   * name a service account, and may not read sources in other namespaces.
   */
  public ControllerOptions withMultiTenancy(boolean enforce) {
    return withDefaultServiceAccount(enforce ? "flux-applier" : null)
        .withNoCrossNamespaceRefs(enforce);
  }

  /**
   * Flux's {@code --watch-label-selector}: each controller watches only the objects of its kind
   * that match (a shard: {@code sharding.fluxcd.io/key=shard1}; the main instance: {@code
   * !sharding.fluxcd.io/key}); null watches all.
   */
  public ControllerOptions withWatchLabelSelector(String selector) {
    return with(
        o -> o.watchLabelSelector = selector == null || selector.isBlank() ? null : selector);
  }

  /** The Helm release engine the helm-controller acts through, per cluster client. */
  public ControllerOptions withHelmReleases(Function<KubernetesClient, Releases> engine) {
    return with(o -> o.helmReleases = engine);
  }

  /** Where the controllers read their own identity ({@code AZURE_TENANT_ID} and the like). */
  public ControllerOptions withEnvironment(Map<String, String> env) {
    return with(o -> o.environment = Map.copyOf(env));
  }

  /** A copy with {@code change} applied: each wither names only the field it sets. */
  private ControllerOptions with(Consumer<Copy> change) {
    return RecordBuilder.edit(new Copy(this), change);
  }

  /** The fields of a copy while it is being changed. */
  private static final class Copy extends RecordBuilder<ControllerOptions> {
    private Path dataDir;
    private String host;
    private int artifactPort;
    private Duration requeueDependency;
    private int concurrency;
    private long maxArtifactBytes;
    private MeterRegistry meters;
    private Clock clock;
    private String defaultServiceAccount;
    private boolean noCrossNamespaceRefs;
    private Function<KubernetesClient, Releases> helmReleases;
    private String watchLabelSelector;
    private Map<String, String> environment;

    private Copy(ControllerOptions o) {
      super(o);
    }
  }
}
