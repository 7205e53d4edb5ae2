package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The wait verb: poll objects' kstatus until all are Current, one has Failed, or time runs out. */
final class HealthWaiter {
  private final Cluster cluster;
  private final Clock clock;
  private final Sleeper sleeper;

  HealthWaiter(Cluster cluster, Clock clock, Sleeper sleeper) {
    this.cluster = cluster;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  HealthResult check(List<ObjectRef> refs) {
    List<ObjectHealth> result = new ArrayList<>(refs.size());
    for (ObjectRef ref : refs) {
      result.add(check(ref));
    }
    return new HealthResult(result);
  }

  private ObjectHealth check(ObjectRef ref) {
    Optional<GenericKubernetesResource> live;
    try {
      live = cluster.get(ref);
    } catch (Cluster.UnknownKindException e) {
      return new ObjectHealth(ref, HealthStatus.NOT_FOUND, e.getMessage());
    } catch (RuntimeException e) {
      return new ObjectHealth(ref, HealthStatus.UNKNOWN, Errors.serverMessage(e));
    }
    if (live.isEmpty()) {
      return new ObjectHealth(ref, HealthStatus.NOT_FOUND, "Resource not found");
    }
    KStatus.Result status = KStatus.compute(Tree.of(live.get()));
    return new ObjectHealth(ref, status.status(), status.message());
  }

  /**
   * Polls every {@code interval}. Fails fast when {@code failFast} and an object is Failed, with
   * Flux's wording: {@code failed early due to stalled resources: [...]} or {@code timeout waiting
   * for: [...]}, each object as {@code Kind/ns/name status: 'X': why}.
   */
  HealthResult waitFor(List<ObjectRef> refs, Duration interval, Duration timeout, boolean failFast)
      throws ApplyException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      HealthResult result = check(refs);
      if (result.healthy()) {
        return result;
      }
      if (failFast && result.failed()) {
        String failed =
            result.objects().stream()
                .filter(o -> o.status() == HealthStatus.FAILED)
                .map(ObjectHealth::describe)
                .collect(Collectors.joining(", "));
        throw new ApplyException(
            "failed early due to stalled resources: [" + failed + "]", null, result, null);
      }
      Duration remaining = Duration.between(clock.instant(), deadline);
      if (remaining.isNegative() || remaining.isZero()) {
        throw new ApplyException(
            "timeout waiting for: [" + result.message() + "]", null, result, null);
      }
      try {
        sleeper.sleep(remaining.compareTo(interval) < 0 ? remaining : interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApplyException(
            "interrupted while waiting for: [" + result.message() + "]", null, result, e);
      }
    }
  }
}
