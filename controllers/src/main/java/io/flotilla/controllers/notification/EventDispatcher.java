package io.flotilla.controllers.notification;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.flotilla.api.flux.notification.Alert;
import io.flotilla.api.flux.notification.Provider;
import io.flotilla.controllers.runtime.EventSink;
import io.flotilla.controllers.runtime.FluxEvent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process stand-in for notification-controller's event server: controllers publish here
 * (never blocking: a full queue drops), one thread rate-limits each event, finds the Alerts that
 * take it and hands it to {@link Deliveries}.
 */
final class EventDispatcher implements EventSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
  private final KubernetesClient client;
  private final Store<Alert> alerts;
  private final Store<Provider> providers;
  private final RateLimiter limiter;
  private final Deliveries deliveries;
  private final boolean noCrossNamespaceRefs;
  private final BlockingQueue<FluxEvent> queue;
  private final Thread worker;
  private final AtomicLong dropped = new AtomicLong();
  private final Set<String> said = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  EventDispatcher(
      KubernetesClient client,
      Store<Alert> alerts,
      Store<Provider> providers,
      RateLimiter limiter,
      Deliveries deliveries,
      boolean noCrossNamespaceRefs,
      int capacity) {
    this.client = client;
    this.alerts = alerts;
    this.providers = providers;
    this.limiter = limiter;
    this.deliveries = deliveries;
    this.noCrossNamespaceRefs = noCrossNamespaceRefs;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = Thread.ofPlatform().daemon().name("notification-events").start(this::run);
  }

  @Override
  public void publish(FluxEvent event) {
    if (closed) {
      return;
    }
    if (!queue.offer(event)) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("{} event(s) dropped: the notification queue is full", n);
      }
    }
  }

  private void run() {
    while (!closed) {
      FluxEvent e;
      try {
        e = queue.take();
      } catch (InterruptedException ex) {
        return;
      }
      try {
        dispatch(e);
      } catch (RuntimeException ex) {
        LOG.error("cannot dispatch event on {}: {}", e.involvedObject(), ex.toString());
      }
    }
  }

  void dispatch(FluxEvent e) {
    if (!limiter.allow(e)) {
      return;
    }
    for (Alert alert : alerts.list()) {
      if (!AlertMatch.matches(alert, e, noCrossNamespaceRefs, this::labels, this::sayOnce)) {
        continue;
      }
      String ns = alert.getMetadata().getNamespace();
      Provider provider = providers.getByKey(ns + "/" + alert.getSpec().providerRef().name());
      if (provider == null) {
        sayOnce(
            "Alert '"
                + ns
                + "/"
                + alert.getMetadata().getName()
                + "': provider '"
                + alert.getSpec().providerRef().name()
                + "' not found");
        continue;
      }
      if (provider.getSpec() == null || provider.getSpec().suspended()) {
        continue;
      }
      deliveries.submit(alert, provider, AlertMatch.enrich(alert, e));
    }
  }

  private Map<String, String> labels(FluxEvent e) {
    var o = e.involvedObject();
    try {
      GenericKubernetesResource r =
          client
              .genericKubernetesResources(o.apiVersion(), o.kind())
              .inNamespace(o.namespace())
              .withName(o.name())
              .get();
      return r == null ? null : r.getMetadata().getLabels();
    } catch (KubernetesClientException ex) {
      return null;
    }
  }

  /** A configuration problem is logged once per wording, not once per event. */
  private void sayOnce(String message) {
    if (said.size() < 10_000 && said.add(message)) {
      LOG.error(message);
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
