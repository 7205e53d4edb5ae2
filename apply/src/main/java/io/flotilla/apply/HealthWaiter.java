package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The wait verb: poll objects' kstatus until all are Current, one has Failed, or time runs out. */
final class HealthWaiter {
  private final Cluster cluster;
  private final Clock clock;
  private final Sleeper sleeper;
  private final LastSeen lastSeen;

  HealthWaiter(Cluster cluster, Clock clock, Sleeper sleeper, LastSeen lastSeen) {
    this.cluster = cluster;
    this.clock = clock;
    this.sleeper = sleeper;
    this.lastSeen = lastSeen;
  }

  HealthResult check(List<ObjectRef> refs) {
    return check(refs, Map.of());
  }

  /** One poll; an object in {@code known} is judged as given instead of read again. */
  private HealthResult check(
      List<ObjectRef> refs, Map<ObjectRef, GenericKubernetesResource> known) {
    List<ObjectHealth> result = new ArrayList<>(refs.size());
    for (ObjectRef ref : refs) {
      GenericKubernetesResource object = known.get(ref);
      result.add(object != null ? health(ref, object) : check(ref));
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
    lastSeen.remember(ref, live.get()); // spares the next apply a GET of this version
    return health(ref, live.get());
  }

  private static ObjectHealth health(ObjectRef ref, GenericKubernetesResource object) {
    KStatus.Result status = KStatus.compute(Tree.of(object));
    return new ObjectHealth(ref, status.status(), status.message());
  }

  /**
   * Polls with the interval growing from {@code first} to {@code max} (doubling); the first poll
   * takes the objects in {@code known} as they are (e.g. what an apply just returned). Fails fast
   * when {@code failFast} and an object is Failed, with Flux's wording: {@code failed early due to
   * stalled resources: [...]} or {@code timeout waiting for: [...]}, each object as {@code
   * Kind/ns/name status: 'X': why}.
   */
  HealthResult waitFor(
      List<ObjectRef> refs,
      Duration first,
      Duration max,
      Duration timeout,
      boolean failFast,
      Map<ObjectRef, GenericKubernetesResource> known)
      throws ApplyException {
    Instant deadline = clock.instant().plus(timeout);
    Duration interval = first.compareTo(max) < 0 ? first : max;
    HealthResult result = check(refs, known);
    while (true) {
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
      Duration doubled = interval.multipliedBy(2);
      interval = doubled.compareTo(max) < 0 ? doubled : max;
      result = recheck(result);
    }
  }

  /**
   * The next poll reads only the objects that were not yet Current: a ConfigMap or a Service is
   * Current from the start, and reading it again at every poll of a slow Deployment cost a request
   * each (within one wait an object is not expected to fall back from Current).
   */
  private HealthResult recheck(HealthResult previous) {
    List<ObjectHealth> result = new ArrayList<>(previous.objects().size());
    for (ObjectHealth h : previous.objects()) {
      result.add(h.status() == HealthStatus.CURRENT ? h : check(h.ref()));
    }
    return new HealthResult(result);
  }
}
