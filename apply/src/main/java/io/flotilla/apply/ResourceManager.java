package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies sets of Kubernetes objects the way Flux's kustomize-controller does: staged server-side
 * apply with a dry-run diff, prune by inventory, and kstatus health checks.
 *
 * <pre>{@code
 * var rm = new ResourceManager(client, "kustomize-controller");
 * ChangeSet cs = rm.applyAllStaged(objects, ApplyOptions.defaults().withOwnerLabels(owner));
 * rm.delete(Inventory.stale(previous, cs.refs()), DeleteOptions.defaults().withRequiredOwnerLabels(owner));
 * rm.waitForHealth(cs.refs(), Duration.ofMinutes(5));
 * }</pre>
 *
 * Thread-safe; one instance per client and field manager.
 */
public final class ResourceManager {
  /** The longest poll interval of {@link #waitForHealth(List, Duration)}. */
  public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(2);

  /**
   * The first poll interval of {@link #waitForHealth(List, Duration)}, doubled after each poll up
   * to {@link #DEFAULT_HEALTH_INTERVAL}: objects that become ready quickly end the wait early.
   */
  public static final Duration FIRST_HEALTH_INTERVAL = Duration.ofMillis(100);

  private final Applier applier;
  private final Deleter deleter;
  private final HealthWaiter waiter;

  /**
   * Per thread, the objects of its last {@link #applyAllStaged} as the server returned them: the
   * health check that follows on the same thread takes them as its first poll instead of reading
   * them again. Scoped to one apply-then-wait sequence: taken (and cleared) by the next wait.
   */
  private final ThreadLocal<Map<ObjectRef, GenericKubernetesResource>> applied =
      new ThreadLocal<>();

  /**
   * @param client a fabric8 client for the target cluster
   * @param fieldManager the server-side apply field manager, e.g. {@code kustomize-controller}
   */
  public ResourceManager(KubernetesClient client, String fieldManager) {
    this(
        new Fabric8Cluster(Objects.requireNonNull(client, "client"), checked(fieldManager)),
        Clock.systemUTC(),
        Sleeper.SYSTEM);
  }

  ResourceManager(Cluster cluster, Clock clock, Sleeper sleeper) {
    LastSeen lastSeen = new LastSeen(cluster.fieldManager());
    this.waiter = new HealthWaiter(cluster, clock, sleeper, lastSeen);
    this.applier = new Applier(cluster, waiter, clock, sleeper, lastSeen);
    this.deleter = new Deleter(cluster, lastSeen);
  }

  private static String checked(String fieldManager) {
    if (fieldManager == null || fieldManager.isBlank()) {
      throw new IllegalArgumentException(
          "fieldManager must not be empty; Flux uses kustomize-controller");
    }
    return fieldManager;
  }

  /**
   * Applies the objects in Flux's stages and order: CRDs, Namespaces and ClusterRoles (then waits
   * for them), {@code *Class} kinds (then waits), then everything else. Objects that did not drift
   * are not written.
   *
   * @throws ApplyException naming the first object that failed; {@link ApplyException#partial()}
   *     holds what was applied before
   */
  public ChangeSet applyAllStaged(List<GenericKubernetesResource> objects, ApplyOptions options)
      throws ApplyException {
    applied.remove();
    Map<ObjectRef, GenericKubernetesResource> observed = new HashMap<>();
    ChangeSet changes =
        applier.applyAllStaged(
            List.copyOf(objects), Objects.requireNonNull(options, "options"), observed);
    applied.set(observed);
    return changes;
  }

  /**
   * Prunes: deletes the objects in reverse apply order, skipping those that lost an owner label or
   * opted out with {@code kustomize.toolkit.fluxcd.io/prune: disabled}.
   *
   * @throws ApplyException listing every object that could not be deleted, after trying them all
   */
  public ChangeSet delete(List<ObjectRef> objects, DeleteOptions options) throws ApplyException {
    return deleter.deleteAll(List.copyOf(objects), Objects.requireNonNull(options, "options"));
  }

  /** One poll of every object's kstatus. */
  public HealthResult checkHealth(List<ObjectRef> objects) {
    return waiter.check(List.copyOf(objects));
  }

  /**
   * {@link #waitForHealth(List, Duration, Duration)} polling after 100 ms, then at doubling
   * intervals up to every 2 seconds. When called on the thread that just applied the objects, the
   * first poll uses the objects as the apply returned them rather than reading them again.
   */
  public HealthResult waitForHealth(List<ObjectRef> objects, Duration timeout)
      throws ApplyException {
    Objects.requireNonNull(timeout, "timeout");
    return waiter.waitFor(
        List.copyOf(objects),
        FIRST_HEALTH_INTERVAL,
        DEFAULT_HEALTH_INTERVAL,
        timeout,
        true,
        takeApplied());
  }

  private Map<ObjectRef, GenericKubernetesResource> takeApplied() {
    Map<ObjectRef, GenericKubernetesResource> observed = applied.get();
    applied.remove();
    return observed == null ? Map.of() : observed;
  }

  /**
   * Polls until every object is Current; fails fast when one is Failed.
   *
   * @throws ApplyException {@code timeout waiting for: [Kind/ns/name status: 'InProgress': why,
   *     ...]} or {@code failed early due to stalled resources: [...]}; {@link
   *     ApplyException#health()} holds the last poll
   */
  public HealthResult waitForHealth(List<ObjectRef> objects, Duration timeout, Duration interval)
      throws ApplyException {
    Objects.requireNonNull(timeout, "timeout");
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    return waiter.waitFor(List.copyOf(objects), interval, interval, timeout, true, takeApplied());
  }
}
