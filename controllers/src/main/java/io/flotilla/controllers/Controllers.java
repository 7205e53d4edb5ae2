package io.flotilla.controllers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.FluxExtension;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.controllers.fluxconfig.FluxConfigReconciler;
import io.flotilla.controllers.image.ImageControllers;
import io.flotilla.controllers.notification.NotificationOptions;
import io.flotilla.controllers.notification.Notifications;
import io.flotilla.controllers.runtime.ControllerRuntimeMetrics;
import io.flotilla.controllers.runtime.EventSink;
import io.flotilla.controllers.runtime.Impersonation;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.ResourceInfo;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.source.artifact.ArtifactServer;
import io.flotilla.source.artifact.ArtifactStorage;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine for one cluster: source (GitRepository, Bucket, OCIRepository), kustomize
 * (Kustomization), helm (HelmRelease) and FluxConfig controllers on one client, plus the HTTP
 * server that hands artifacts to consumers.
 *
 * <p>Each Flux controller runs as its own operator so that the {@code microsoft.flux} extension's
 * settings (the ConfigMap {@link FluxExtension#SETTINGS_CONFIG_MAP}, see {@link
 * ControllersSettings}) can stop, start or reconfigure one of them in-process, without a restart.
 */
public final class Controllers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Controllers.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final ControllerOptions options;
  private final ArtifactServer artifacts;
  private final ArtifactStorage storage;
  private final ReconcileMetrics metrics;
  private final ControllerRuntimeMetrics runtimeMetrics;
  private final ResourceInfo.Handle resourceInfo;
  private final Path work;
  private final Operator fluxConfig;
  private final SettingsReport report;
  // Changes of settings are applied one at a time, off the informer's thread.
  private final ExecutorService settingsThread =
      Executors.newSingleThreadExecutor(
          Thread.ofVirtual().name("flux-extension-settings").factory());
  private SharedIndexInformer<ConfigMap> settingsInformer;
  private Operator source;
  private Operator kustomize;
  private Operator helm;
  // image-reflector-controller and image-automation-controller, when their settings enable them
  private final ImageControllers images;
  private Operator imageReflector;
  private Operator imageAutomation;
  private Impersonation impersonation;
  private Impersonation helmImpersonation;
  private ControllersSettings settings;
  private final NotificationOptions notificationOptions;
  // notification-controller, when enabled; the recorders publish through this one sink
  private volatile Notifications notifications;
  private final EventSink events =
      e -> {
        Notifications n = notifications;
        if (n != null) {
          n.sink().publish(e);
        }
      };
  private volatile boolean closed;

  private Controllers(
      KubernetesClient client,
      ControllerOptions options,
      ArtifactServer artifacts,
      ArtifactStorage storage,
      NotificationOptions notificationOptions) {
    this.client = client;
    this.options = options;
    this.notificationOptions = notificationOptions;
    this.artifacts = artifacts;
    this.storage = storage;
    this.metrics = new ReconcileMetrics(options.meters());
    this.runtimeMetrics = new ControllerRuntimeMetrics(options.meters());
    this.resourceInfo = ResourceInfo.register(options.meters(), this::cachedObjects);
    this.work = options.dataDir().resolve("tmp");
    this.settings = ControllersSettings.defaults(options);
    this.report = new SettingsReport(client, options);
    this.images =
        new ImageControllers(
            client,
            work,
            options.clock(),
            events,
            options.watchLabelSelector(),
            options.environment());
    this.fluxConfig = operator(options.concurrency());
    fluxConfig.register(
        new FluxConfigReconciler(options.clock()),
        c ->
            c.withName("fluxconfig")
                .withFinalizer(FluxConfig.GROUP + "/finalizer")
                // a reconcile request (an annotation) must reach the source, as a spec change does
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<FluxConfig>specOrRequest())
                .withLabelSelector(options.watchLabelSelector()));
  }

  public static Controllers start(KubernetesClient client, ControllerOptions options) {
    return start(client, options, NotificationOptions.defaults());
  }

  /** The engine with notification-controller's options (its receiver endpoint, rate limit). */
  public static Controllers start(
      KubernetesClient client, ControllerOptions options, NotificationOptions notifications) {
    Path data = options.dataDir();
    ArtifactStorage unbound =
        new ArtifactStorage(data.resolve("artifacts"), "http://" + options.host())
            .withMaxArtifactBytes(options.maxArtifactBytes());
    ArtifactServer server = ArtifactServer.start(unbound, options.host(), options.artifactPort());
    Controllers c =
        new Controllers(
            client,
            options,
            server,
            unbound.withAdvertisedBaseUrl(server.baseUrl()),
            notifications);
    synchronized (c) {
      c.notifications = c.startNotifications(c.settings);
      c.source = c.startSource(c.settings);
      c.kustomize = c.startKustomize(c.settings);
      c.helm = c.startHelm(c.settings);
      c.imageReflector =
          c.startImages(c.settings.imageReflectorEnabled(), c.images::registerReflector);
      c.imageAutomation =
          c.startImages(c.settings.imageAutomationEnabled(), c.images::registerAutomation);
    }
    c.fluxConfig.start();
    c.watchSettings();
    return c;
  }

  public String artifactBaseUrl() {
    return artifacts.baseUrl();
  }

  /** The settings the engine runs with now (the extension's over the process's options). */
  public synchronized ControllersSettings settings() {
    return settings;
  }

  private Operator operator(int threads) {
    return new Operator(
        o ->
            o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .checkingCRDAndValidateLocalModel(false)
                .withConcurrentReconciliationThreads(threads)
                .withMetrics(runtimeMetrics.forOperator(threads)));
  }

  /**
   * Whether every running controller has started and its informers are synced and watching (the
   * controllers' {@code /readyz}).
   */
  public synchronized boolean ready() {
    for (Operator o :
        new Operator[] {fluxConfig, source, kustomize, helm, imageReflector, imageAutomation}) {
      if (o != null
          && !(o.getRuntimeInfo().isStarted() && o.getRuntimeInfo().allEventSourcesAreHealthy())) {
        return false;
      }
    }
    return !closed;
  }

  /** source-controller: null when disabled. */
  private Operator startSource(ControllersSettings s) {
    if (!s.sourceEnabled()) {
      return null;
    }
    Operator operator = operator(s.sourceConcurrent());
    SourceControllers.register(operator, client, options, storage, work, events, metrics);
    operator.start();
    return operator;
  }

  /** kustomize-controller: null when disabled. */
  private Operator startKustomize(ControllersSettings s) {
    if (!s.kustomizeEnabled()) {
      return null;
    }
    ControllerOptions o = s.kustomizeOptions(options);
    impersonation = new Impersonation(client, o.defaultServiceAccount());
    Operator operator = operator(o.concurrency());
    ApplyControllers.kustomize(
        operator, client, options, s, o, impersonation, work, events, metrics);
    operator.start();
    return operator;
  }

  /**
   * helm-controller: null when disabled, or when this process has no Helm release engine ({@link
   * ControllerOptions#helmReleases()}).
   */
  private Operator startHelm(ControllersSettings s) {
    if (!s.helmEnabled() || options.helmReleases() == null) {
      return null;
    }
    ControllerOptions o = s.kustomizeOptions(options);
    helmImpersonation = new Impersonation(client, o.defaultServiceAccount());
    Operator operator = operator(s.helmConcurrent());
    ApplyControllers.helm(operator, client, options, s, helmImpersonation, work, events, metrics);
    operator.start();
    return operator;
  }

  /** notification-controller: null when disabled. */
  private Notifications startNotifications(ControllersSettings s) {
    if (!s.notificationEnabled()) {
      return null;
    }
    return Notifications.start(
        client,
        notificationOptions,
        s.kustomizeOptions(options).noCrossNamespaceRefs(),
        options.clock());
  }

  /**
   * An image controller, which {@code register} adds to its own operator (image-reflector:
   * ImageRepository, ImagePolicy; image-automation: ImageUpdateAutomation): null when disabled.
   */
  /** Stops {@code running}, then starts the image controller {@code name} again if enabled. */
  private Operator restartImages(
      String name, Operator running, boolean enabled, Consumer<Operator> register) {
    LOG.info("{}: {}", name, enabled ? "starting" : "stopping");
    stop(running);
    return startImages(enabled, register);
  }

  private Operator startImages(boolean enabled, Consumer<Operator> register) {
    if (!enabled) {
      return null;
    }
    Operator operator = operator(options.concurrency());
    register.accept(operator);
    operator.start();
    return operator;
  }

  /** The receiver endpoint's base URL, null when notification-controller is off or serves none. */
  public String receiverBaseUrl() {
    Notifications n = notifications;
    return n == null ? null : n.receiverBaseUrl();
  }

  private void watchSettings() {
    settingsInformer =
        client
            .configMaps()
            .inNamespace(FluxExtension.NAMESPACE)
            .withName(FluxExtension.SETTINGS_CONFIG_MAP)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap cm) {
                    settingsThread.execute(() -> reconfigure(cm));
                  }

                  @Override
                  public void onUpdate(ConfigMap old, ConfigMap cm) {
                    settingsThread.execute(() -> reconfigure(cm));
                  }

                  @Override
                  public void onDelete(ConfigMap cm, boolean unknown) {
                    settingsThread.execute(() -> reconfigure(null));
                  }
                });
  }

  /** Runs the engine with the settings of {@code cm} (null: the process's own), then says so. */
  private void reconfigure(ConfigMap cm) {
    if (closed) {
      return;
    }
    List<ExtensionStatus.Status> result;
    synchronized (this) {
      ControllersSettings before = settings;
      // a value that cannot be used keeps what runs now (the service refuses such values; one
      // written into the ConfigMap by hand must not silently reset a running setting)
      ControllersSettings next =
          ControllersSettings.parse(cm == null ? Map.of() : cm.getData(), options, before);
      try {
        if (before.notificationChanged(next)) {
          LOG.info(
              "notification-controller: {}",
              next.notificationEnabled() ? "(re)starting" : "stopping");
          if (notifications != null) {
            notifications.close();
          }
          notifications = startNotifications(next);
        }
        if (before.sourceChanged(next)) {
          LOG.info("source-controller: {}", next.sourceEnabled() ? "(re)starting" : "stopping");
          stop(source);
          source = startSource(next);
        }
        if (before.kustomizeChanged(next)) {
          LOG.info(
              "kustomize-controller: {}", next.kustomizeEnabled() ? "(re)starting" : "stopping");
          stop(kustomize);
          closeImpersonation();
          kustomize = startKustomize(next);
        }
        if (before.helmChanged(next)) {
          LOG.info("helm-controller: {}", next.helmEnabled() ? "(re)starting" : "stopping");
          stop(helm);
          closeHelmImpersonation();
          helm = startHelm(next);
        }
        if (before.imageReflectorChanged(next)) {
          imageReflector =
              restartImages(
                  "image-reflector-controller",
                  imageReflector,
                  next.imageReflectorEnabled(),
                  images::registerReflector);
        }
        if (before.imageAutomationChanged(next)) {
          imageAutomation =
              restartImages(
                  "image-automation-controller",
                  imageAutomation,
                  next.imageAutomationEnabled(),
                  images::registerAutomation);
        }
        settings = next;
        result = report.describe(next);
      } catch (RuntimeException e) {
        LOG.error("cannot apply the flux extension's settings", e);
        result =
            List.of(
                report.status(
                    "SettingsFailed",
                    "Error",
                    "cannot apply the configuration settings: " + e.getMessage()));
      }
    }
    if (cm != null) {
      report.acknowledge(cm, result);
    }
  }

  private static void stop(Operator operator) {
    if (operator != null) {
      operator.stop();
    }
  }

  private void closeImpersonation() {
    if (impersonation != null) {
      try {
        impersonation.close();
      } catch (Exception e) {
        // clients close without checked failures; nothing to recover here
      }
      impersonation = null;
    }
  }

  private void closeHelmImpersonation() {
    if (helmImpersonation != null) {
      helmImpersonation.close();
      helmImpersonation = null;
    }
  }

  /** The Flux objects the running controllers hold in their informer caches. */
  private Stream<HasMetadata> cachedObjects() {
    List<Operator> running;
    synchronized (this) {
      running = Stream.of(source, kustomize, helm).filter(Objects::nonNull).toList();
    }
    return ApplyControllers.cached(running);
  }

  @Override
  public void close() {
    closed = true;
    resourceInfo.close();
    if (settingsInformer != null) {
      settingsInformer.close();
    }
    settingsThread.shutdownNow();
    try {
      settingsThread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      fluxConfig.stop();
      stop(source);
      stop(kustomize);
      stop(helm);
      stop(imageReflector);
      stop(imageAutomation);
      imageReflector = null;
      imageAutomation = null;
      source = null;
      kustomize = null;
      helm = null;
      closeImpersonation();
      closeHelmImpersonation();
      if (notifications != null) {
        notifications.close();
        notifications = null;
      }
    }
    artifacts.close();
  }
}
