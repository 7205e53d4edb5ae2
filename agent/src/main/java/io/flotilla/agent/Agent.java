package io.flotilla.agent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.agent.DesiredState;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.FluxExtension;
import io.flotilla.api.agent.ObservedObjects;
import io.flotilla.api.agent.StatusReport;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster agent: long-polls its cluster's desired configurations, writes them as FluxConfig
 * objects, and reports their status back when it changes. While the service is unreachable the
 * cluster keeps reconciling what it last received and status waits in a queue.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private final AgentOptions options;
  private final ServiceClient service;
  private final ClusterWriter writer;
  private final KeptConfigs kept;
  // the flux extension's status as the controllers last acknowledged it, before warnings
  private volatile ExtensionStatus lastFlux;
  private final StatusTracker tracker = new StatusTracker();
  private static final Duration OBSERVE_EVERY = Duration.ofSeconds(15);
  private final Observer observer;
  private final ExtensionWriter extensionWriter;
  private final ExtensionTracker extensionTracker = new ExtensionTracker();
  private final SharedIndexInformer<ConfigMap> settingsInformer;
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(1, Thread.ofVirtual().factory());
  private final Thread poller;
  private final SharedIndexInformer<FluxConfig> informer;
  private volatile boolean running = true;
  // Released when a FluxConfig disappears or the agent stops, so waits end early.
  private final Semaphore wake = new Semaphore(0);

  private Agent(AgentOptions options, KubernetesClient client) {
    this.options = options;
    this.service = new ServiceClient(options);
    this.writer = new ClusterWriter(client);
    this.observer = new Observer(client);
    this.kept = new KeptConfigs(client, java.time.Clock.systemUTC());
    this.informer =
        client
            .resources(FluxConfig.class)
            .inAnyNamespace()
            .withLabel(ClusterWriter.MANAGED_BY, ClusterWriter.AGENT)
            .inform(onEvent(this::changed, c -> wake.release()));
    this.extensionWriter = new ExtensionWriter(client, java.time.Clock.systemUTC());
    // The controllers acknowledge the flux extension's settings on this ConfigMap.
    this.settingsInformer =
        client
            .configMaps()
            .inNamespace(FluxExtension.NAMESPACE)
            .withName(FluxExtension.SETTINGS_CONFIG_MAP)
            .inform(onEvent(this::settingsChanged, cm -> {}));
    this.poller = Thread.ofVirtual().name("agent-poll").unstarted(this::pollLoop);
  }

  /** An informer's handler: an added or updated object goes to {@code changed}. */
  private static <T> ResourceEventHandler<T> onEvent(
      java.util.function.Consumer<T> changed, java.util.function.Consumer<T> deleted) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T old, T obj) {
        changed.accept(obj);
      }

      @Override
      public void onDelete(T obj, boolean unknown) {
        deleted.accept(obj);
      }
    };
  }

  /**
   * Starts polling once the cluster serves the FluxConfig kind; until then it waits (and logs what
   * it waits for).
   */
  public static Agent start(AgentOptions options, KubernetesClient client) {
    try {
      CrdWait.await(client, Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("stopped while waiting for " + CrdWait.CRD, e);
    }
    Agent agent = new Agent(options, client);
    agent.poller.start();
    long beat = options.heartbeatInterval().toMillis();
    agent.scheduler.scheduleWithFixedDelay(agent::heartbeat, 0, beat, TimeUnit.MILLISECONDS);
    agent.scheduler.scheduleWithFixedDelay(agent::flush, 1, 1, TimeUnit.SECONDS);
    // events arrive without a status change: look again now and then (reported only on change)
    agent.scheduler.scheduleWithFixedDelay(
        () -> agent.observe(agent.informer.getStore().list()),
        OBSERVE_EVERY.toSeconds(),
        OBSERVE_EVERY.toSeconds(),
        TimeUnit.SECONDS);
    return agent;
  }

  private void settingsChanged(ConfigMap cm) {
    ExtensionWriter.fluxStatus(cm)
        .ifPresent(
            s -> {
              lastFlux = s;
              extensionTracker.offer(withWarnings(s));
            });
    scheduler.execute(this::flush);
  }

  /** The flux extension's status again, with the agent's current warnings. */
  private void reofferFlux() {
    ExtensionStatus s = lastFlux;
    if (s != null) {
      extensionTracker.offer(withWarnings(s));
    }
  }

  private ExtensionStatus withWarnings(ExtensionStatus s) {
    List<ExtensionStatus.Status> warnings = kept.statuses();
    if (warnings.isEmpty()) {
      return s;
    }
    List<ExtensionStatus.Status> all = new java.util.ArrayList<>();
    if (s.statuses() != null) {
      all.addAll(s.statuses());
    }
    all.addAll(warnings);
    return new ExtensionStatus(
        s.name(),
        s.appliedVersion(),
        s.deleted(),
        s.provisioningState(),
        s.currentVersion(),
        all,
        s.errorMessage());
  }

  private void changed(FluxConfig config) {
    // the observer lists from the API: off the informer's thread, in order on the scheduler's
    scheduler.execute(() -> observe(List.of(config)));
  }

  /** Offers the configurations' statuses with their events and live objects, then reports. */
  private void observe(List<FluxConfig> configs) {
    if (!running) {
      return;
    }
    try {
      Map<String, ObservedObjects> observed = observer.observe(configs);
      configs.forEach(c -> tracker.observe(c, observed.get(Observer.key(c))));
    } catch (RuntimeException e) {
      if (!running) {
        return; // stopping: the Kubernetes client may be closed under a read already started
      }
      // a periodic task that throws is never run again: report the statuses without the extras
      LOG.warn("cannot read the configurations' events and live objects: {}", e.toString());
      configs.forEach(c -> tracker.observe(c, null));
    }
    flush();
  }

  private void pollLoop() {
    String etag = null;
    long backoffMs = 500;
    while (running) {
      try {
        Optional<DesiredState> desired = service.desired(etag, options.pollWait());
        if (desired.isPresent()) {
          PrunePlan plan = writer.apply(desired.get());
          Set<String> deleted = plan.confirmed();
          deleted.forEach(tracker::deleted);
          if (kept.update(plan.kept())) {
            reofferFlux();
          }
          if (desired.get().extensions() != null) {
            if (etag == null) {
              extensionTracker.forget();
              settingsInformer.getStore().list().forEach(this::settingsChanged);
            }
            extensionWriter.apply(desired.get().extensions()).forEach(extensionTracker::offer);
          }
          if (etag == null) {
            List<FluxConfig> managed = writer.managed();
            tracker.resendAll(managed, observer.observe(managed));
          }
          // Deletions complete asynchronously: poll again soon while any is outstanding.
          boolean deleting =
              desired.get().configurations().stream()
                  .anyMatch(c -> c.deleting() && !deleted.contains(c.name()));
          etag = deleting ? null : desired.get().etag();
          flush();
          if (deleting) {
            pause(Duration.ofSeconds(1));
          }
        }
        backoffMs = 500;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running) {
          return;
        }
        // a refusal by the cluster (say RBAC's 403) is not the service being away: say which
        LOG.warn(
            "{} ({}); retrying in {} ms",
            e instanceof KubernetesClientException
                ? "cannot apply the desired state to the cluster"
                : "cannot reach the configuration service",
            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
            backoffMs);
        try {
          pause(Duration.ofMillis(backoffMs));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoffMs = Math.min(backoffMs * 2, Duration.ofSeconds(30).toMillis());
      }
    }
  }

  /** Waits up to {@code d}, less when a deletion completes or the agent stops. */
  private void pause(Duration d) throws InterruptedException {
    wake.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
    wake.drainPermits();
  }

  private synchronized void flush() {
    List<ConfigurationStatus> pending = tracker.drain();
    List<ExtensionStatus> extensions = extensionTracker.drain();
    if ((pending.isEmpty() && extensions.isEmpty()) || !running) {
      return;
    }
    try {
      service.report(new StatusReport(pending, extensions.isEmpty() ? null : extensions));
      tracker.acknowledge(pending);
      extensionTracker.acknowledge(extensions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("status report deferred: {}", e.getMessage());
    }
  }

  private void heartbeat() {
    try {
      service.heartbeat();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("heartbeat failed: {}", e.getMessage());
    }
  }

  /** Whether the agent's informers have synced (its {@code /readyz}). */
  public boolean ready() {
    return running && informer.hasSynced() && settingsInformer.hasSynced();
  }

  @Override
  public void close() {
    running = false;
    wake.release();
    poller.interrupt();
    scheduler.shutdownNow();
    informer.close();
    settingsInformer.close();
  }
}
