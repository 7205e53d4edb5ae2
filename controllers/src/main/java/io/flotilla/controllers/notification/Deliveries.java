package io.flotilla.controllers.notification;

import io.flotilla.api.flux.notification.Alert;
import io.flotilla.api.flux.notification.Provider;
import io.flotilla.controllers.runtime.FluxEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to Providers: each delivery on a virtual thread, at most {@code
 * perProviderConcurrency} at once per Provider, so that a slow or failing Provider only queues its
 * own deliveries; retried with backoff; in flight bounded by {@code queueCapacity}. A Provider's
 * notifier is built once per version of the Provider and reused for a few seconds, so a burst reads
 * its Secrets once.
 */
final class Deliveries implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private static final Duration NOTIFIER_TTL = Duration.ofSeconds(10);
  private final NotificationOptions options;
  private final ProviderResolver resolver;
  private final Failures failures;
  private final Clock clock;
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("notification-", 0).factory());
  private final Map<String, Semaphore> lanes = new ConcurrentHashMap<>();
  private final Map<String, Built> built = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();

  /** What happens to a delivery that could not be made. */
  interface Failures {
    void failed(Alert alert, Provider provider, FluxEvent event, String error);
  }

  private record Built(String version, Instant until, ProviderConfig config, Notifier notifier) {}

  Deliveries(
      NotificationOptions options, ProviderResolver resolver, Failures failures, Clock clock) {
    this.options = options;
    this.resolver = resolver;
    this.failures = failures;
    this.clock = clock;
  }

  long delivered() {
    return delivered.get();
  }

  /** False when too many deliveries are in flight: the event is dropped and counted. */
  boolean submit(Alert alert, Provider provider, FluxEvent event) {
    if (inFlight.incrementAndGet() > options.queueCapacity()) {
      inFlight.decrementAndGet();
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn(
            "{} notification(s) dropped: more than {} deliveries in flight",
            n,
            options.queueCapacity());
      }
      return false;
    }
    String key = provider.getMetadata().getNamespace() + "/" + provider.getMetadata().getName();
    Semaphore lane =
        lanes.computeIfAbsent(key, k -> new Semaphore(options.perProviderConcurrency()));
    try {
      threads.execute(
          () -> {
            try {
              lane.acquire();
              try {
                deliver(alert, provider, event);
              } finally {
                lane.release();
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              inFlight.decrementAndGet();
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  private void deliver(Alert alert, Provider provider, FluxEvent event)
      throws InterruptedException {
    Built b;
    try {
      b = notifier(provider);
    } catch (DeliveryException e) {
      failures.failed(alert, provider, event, e.getMessage());
      return;
    }
    Duration wait = options.retryWait();
    for (int attempt = 0; ; attempt++) {
      try {
        b.notifier().deliver(event, alert, provider);
        delivered.incrementAndGet();
        return;
      } catch (DeliveryException e) {
        if (!e.retryable() || attempt >= options.retries()) {
          String msg =
              e.retryable()
                  ? "giving up after " + (attempt + 1) + " attempts: " + e.getMessage()
                  : e.getMessage();
          failures.failed(alert, provider, event, b.config().redact(msg));
          return;
        }
        LOG.debug(
            "delivery to provider {}/{} failed, retrying in {}: {}",
            provider.getMetadata().getNamespace(),
            provider.getMetadata().getName(),
            wait,
            b.config().redact(e.getMessage()));
        Thread.sleep(wait.toMillis());
        wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
      } catch (RuntimeException e) {
        failures.failed(alert, provider, event, b.config().redact(String.valueOf(e)));
        return;
      }
    }
  }

  private Built notifier(Provider provider) throws DeliveryException {
    String key = provider.getMetadata().getUid();
    String version = provider.getMetadata().getResourceVersion();
    Instant now = clock.instant();
    Built b = built.get(key);
    if (b != null && b.version().equals(version) && b.until().isAfter(now)) {
      return b;
    }
    ProviderConfig config = resolver.resolve(provider);
    Built fresh = new Built(version, now.plus(NOTIFIER_TTL), config, Notifiers.create(config));
    built.put(key, fresh);
    return fresh;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
