package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
  /** The default poll interval of {@link #waitForHealth(List, Duration)}. */
  public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(2);

  private final Applier applier;
  private final Deleter deleter;
  private final HealthWaiter waiter;

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
    this.waiter = new HealthWaiter(cluster, clock, sleeper);
    this.applier = new Applier(cluster, waiter, clock, sleeper);
    this.deleter = new Deleter(cluster);
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
    return applier.applyAllStaged(List.copyOf(objects), Objects.requireNonNull(options, "options"));
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

  /** {@link #waitForHealth(List, Duration, Duration)} polling every 2 seconds. */
  public HealthResult waitForHealth(List<ObjectRef> objects, Duration timeout)
      throws ApplyException {
    return waitForHealth(objects, timeout, DEFAULT_HEALTH_INTERVAL);
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
    return waiter.waitFor(List.copyOf(objects), interval, timeout, true);
  }
}
