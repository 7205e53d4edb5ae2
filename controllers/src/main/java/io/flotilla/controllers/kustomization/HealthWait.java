package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.apply.HealthResult;
import io.flotilla.apply.HealthStatus;
import io.flotilla.apply.ObjectHealth;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Waits for applied objects to become healthy: kstatus (through the resource manager) for most,
 * {@code healthCheckExprs} for the kinds they cover; fails fast on a Failed object, and stops early
 * when {@code canceled} says a newer revision is waiting. {@code interval} is the time between
 * polls.
 */
record HealthWait(
    KubernetesClient client,
    ResourceManager manager,
    HealthExpressions expressions,
    Clock clock,
    Duration interval) {

  /** Polls until all are Current; messages as the resource manager words them. */
  HealthResult waitFor(List<ObjectRef> refs, Duration timeout, BooleanSupplier canceled)
      throws Failed, Canceled {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      HealthResult result = check(refs);
      if (result.healthy()) {
        return result;
      }
      if (result.failed()) {
        throw new Failed(
            "failed early due to stalled resources: ["
                + result.objects().stream()
                    .filter(o -> o.status() == HealthStatus.FAILED)
                    .map(ObjectHealth::describe)
                    .collect(Collectors.joining(", "))
                + "]");
      }
      Duration remaining = Duration.between(clock.instant(), deadline);
      if (remaining.isNegative() || remaining.isZero()) {
        throw new Failed("timeout waiting for: [" + result.message() + "]");
      }
      sleep(remaining.compareTo(interval) < 0 ? remaining : interval, canceled);
    }
  }

  /** One poll: each object's status in the order given. */
  HealthResult check(List<ObjectRef> refs) {
    List<ObjectRef> byKstatus = refs.stream().filter(r -> !expressions.covers(r)).toList();
    Map<String, ObjectHealth> kstatus =
        manager.checkHealth(byKstatus).objects().stream()
            .collect(Collectors.toMap(o -> o.ref().inventoryId(), o -> o, (a, b) -> a));
    List<ObjectHealth> out = new ArrayList<>(refs.size());
    for (ObjectRef ref : refs) {
      out.add(expressions.covers(ref) ? byExpression(ref) : kstatus.get(ref.inventoryId()));
    }
    return new HealthResult(out);
  }

  private ObjectHealth byExpression(ObjectRef ref) {
    GenericKubernetesResource live;
    try {
      var kind = client.genericKubernetesResources(ref.apiVersion(), ref.kind());
      live =
          ref.namespace() == null || ref.namespace().isEmpty()
              ? kind.withName(ref.name()).get()
              : kind.inNamespace(ref.namespace()).withName(ref.name()).get();
    } catch (KubernetesClientException e) {
      return new ObjectHealth(ref, HealthStatus.UNKNOWN, e.getMessage());
    }
    if (live == null) {
      return new ObjectHealth(ref, HealthStatus.NOT_FOUND, "Resource not found");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> json = client.getKubernetesSerialization().convertValue(live, Map.class);
    HealthExpressions.Result r = expressions.evaluate(ref, json);
    return new ObjectHealth(ref, r.status(), r.message());
  }

  private void sleep(Duration d, BooleanSupplier canceled) throws Canceled {
    Instant until = clock.instant().plus(d);
    try {
      while (clock.instant().isBefore(until)) {
        if (canceled.getAsBoolean()) {
          throw new Canceled();
        }
        Thread.sleep(
            Math.min(200, Math.max(1, Duration.between(clock.instant(), until).toMillis())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Canceled();
    }
    if (canceled.getAsBoolean()) {
      throw new Canceled();
    }
  }

  /** The objects did not become healthy: stalled or out of time. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  /** A newer revision arrived while waiting. */
  static final class Canceled extends Exception {
    Canceled() {
      super("health check canceled");
    }
  }
}
