package io.flotilla.kube.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.auth.ServiceAccountTokens;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.store.Store;
import io.flotilla.kube.workloads.ControlLoop;
import io.flotilla.kube.workloads.ControlPlane;
import io.flotilla.kube.workloads.CronJobController;
import io.flotilla.kube.workloads.DaemonSetController;
import io.flotilla.kube.workloads.DeploymentController;
import io.flotilla.kube.workloads.JobController;
import io.flotilla.kube.workloads.Owners;
import io.flotilla.kube.workloads.ReplicaSetController;
import io.flotilla.kube.workloads.StatefulSetController;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kwok-style stand-in for kube-controller-manager's workload controllers, the scheduler and the
 * kubelet of the cluster's one node ({@link Nodes}): Deployments get ReplicaSets, ReplicaSets,
 * StatefulSets, DaemonSets and Jobs get Pods, CronJobs get Jobs on their schedule, Pods get bound
 * and run, claims bind, LoadBalancer Services get the node's address ({@link
 * ServiceLoadBalancers}). Each writes through the API like any other client (as {@code
 * kube-controller-manager} or {@code kubelet}), so watchers see every step.
 *
 * <p>A work queue on one thread: a change to an object queues it, and a change to an object with a
 * controller reference queues its owner too, once however many changes arrive before it runs.
 * Controllers run at once; the kubelet's part (Pods, claims) waits {@code kubeletDelay}. A
 * container image tagged {@code fail} never becomes ready; Pods that do not restart run to
 * completion ({@link PodStatuses}), which is what Jobs count ({@link JobController}).
 */
public final class Kubelet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
  private static final Set<String> KUBELET_KEYS = Set.of("/pods", "/persistentvolumeclaims");
  private static final Map<String, String> OWNER_KEYS =
      Map.of(
          "Deployment", "apps/deployments",
          "ReplicaSet", "apps/replicasets",
          "StatefulSet", "apps/statefulsets",
          "DaemonSet", "apps/daemonsets",
          "Job", "batch/jobs",
          "CronJob", "batch/cronjobs");

  private final ControlPlane cp;
  private final Duration delay;
  private final Map<String, ControlLoop> loops;
  private final JobController jobs;

  /** Queued passes: {@code <bucket>|<namespace>|<name>} to when it runs ({@code nanoTime}). */
  private final Map<String, Long> due = new ConcurrentHashMap<>();

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("kube-kubelet").factory());
  private final Consumer<Store.Change> listener = this::onChange;

  public Kubelet(ApiCore core, Duration delay) {
    this(core, delay, null, () -> null, true);
  }

  /**
   * With {@code tokens}: also fills service account token Secrets ({@code caPem} for ca.crt);
   * without {@code workloads}, only that (no node, no workload controllers).
   */
  public Kubelet(
      ApiCore core,
      Duration delay,
      ServiceAccountTokens tokens,
      java.util.function.Supplier<String> caPem,
      boolean workloads) {
    this.cp = new ControlPlane(core);
    this.delay = delay;
    this.jobs = new JobController(cp);
    Map<String, ControlLoop> all = new java.util.HashMap<>();
    if (tokens != null) {
      all.put("/secrets", new ServiceAccountTokenSecrets(cp, tokens, caPem));
    }
    if (workloads) {
      all.putAll(
          Map.of(
              "/services", new ServiceLoadBalancers(cp),
              "apps/deployments", new DeploymentController(cp),
              "apps/replicasets", new ReplicaSetController(cp),
              "apps/statefulsets", new StatefulSetController(cp),
              "apps/daemonsets", new DaemonSetController(cp),
              "batch/jobs", jobs,
              "batch/cronjobs", new CronJobController(cp),
              "/pods", this::pod,
              "/persistentvolumeclaims", this::claim));
    }
    this.loops = Map.copyOf(all);
    core.store.subscribe(-1, listener);
    cp.owners.load();
    scheduler.execute(
        () -> {
          try {
            if (workloads) {
              Nodes.register(cp);
            }
          } catch (RuntimeException e) {
            LOG.warn("simulated kubelet could not register its node", e);
          }
          for (String key : loops.keySet()) {
            for (ObjectNode o : core.store.list(key, null)) {
              enqueue(key, Json.text(o, "metadata", "namespace"), Json.text(o, "metadata", "name"));
            }
          }
        });
  }

  /** Runs under the store's lock: only bookkeeping and queueing here. */
  private void onChange(Store.Change c) {
    cp.owners.onChange(c);
    String key = c.storageKey();
    JsonNode o = c.after();
    String ns = Json.text(o, "metadata", "namespace");
    if (!c.type().equals("DELETED") && loops.containsKey(key)) {
      enqueue(key, ns, Json.text(o, "metadata", "name"));
    }
    Owners.ControllerRef ref = Owners.controllerOf(o);
    if (ref != null && OWNER_KEYS.containsKey(ref.kind())) {
      enqueue(OWNER_KEYS.get(ref.kind()), ns, ref.name());
    }
    if (key.equals(cp.nodes.storageKey()) && !Nodes.NAME.equals(Json.text(o, "metadata", "name"))) {
      scheduler.execute(this::enqueueDaemonSets);
    }
  }

  private void enqueueDaemonSets() {
    for (ObjectNode ds : cp.core.store.list(cp.daemonSets.storageKey(), null)) {
      enqueue(
          cp.daemonSets.storageKey(),
          Json.text(ds, "metadata", "namespace"),
          Json.text(ds, "metadata", "name"));
    }
  }

  private void enqueue(String key, String ns, String name) {
    enqueue(key, ns, name, KUBELET_KEYS.contains(key) ? delay : Duration.ZERO);
  }

  /**
   * Queues a pass over one object; an object already queued to run no later than that is not queued
   * twice. A pass queued for later (a progress deadline) gives way to an earlier one, whose own
   * answer queues the later pass again.
   */
  private void enqueue(String key, String ns, String name, Duration after) {
    if (!loops.containsKey(key)) {
      return; // an owner whose controller is not simulated (workloads off)
    }
    String item = key + "|" + (ns == null ? "" : ns) + "|" + name;
    long at = System.nanoTime() + after.toNanos();
    boolean[] schedule = {false};
    due.compute(
        item,
        (k, current) -> {
          if (current != null && current - at <= 0) {
            return current;
          }
          schedule[0] = true;
          return at;
        });
    if (!schedule[0]) {
      return;
    }
    try {
      scheduler.schedule(
          () -> run(item, at, key, ns, name), after.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      due.remove(item, at); // closing
    }
  }

  private void run(String item, long at, String key, String ns, String name) {
    if (!due.remove(item, at)) {
      return; // superseded by an earlier pass
    }
    try {
      ObjectNode cur = cp.core.store.get(key, ns == null ? "" : ns, name);
      if (cur == null) {
        return;
      }
      Duration again = loops.get(key).reconcile(cur);
      if (again != null) {
        enqueue(key, ns, name, again);
      }
    } catch (ApiException e) {
      if (e.code == 409) {
        // a stale read is retried at once; a name taken by an object it does not own (an orphaned
        // Pod or revision, which it does not adopt) only now and then
        enqueue(key, ns, name, Duration.ofMillis("AlreadyExists".equals(e.reason) ? 5_000 : 50));
      } else {
        LOG.debug("simulated control plane: {} {}/{}: {}", key, ns, name, e.getMessage());
      }
    } catch (RuntimeException e) {
      if (!scheduler.isShutdown()) {
        LOG.warn("simulated control plane failed on {} {}/{}", key, ns, name, e);
      }
    }
  }

  /** The kubelet and the scheduler: binds a Pod to a node, then reports it running. */
  private Duration pod(ObjectNode pod) {
    if (jobs.releaseOrphan(pod) || ControlPlane.deleting(pod)) {
      return null;
    }
    String node = pod.path("spec").path("nodeName").asText("");
    if (node.isEmpty()) {
      node = Nodes.schedule(cp, pod);
      if (node == null) {
        cp.writeStatus(cp.pods, pod, unschedulable(pod), "kube-scheduler");
        return null;
      }
      pod = Nodes.bind(cp, pod, node);
      if (pod == null) {
        return null; // changed meanwhile: queued again
      }
    }
    JsonNode old = pod.path("status");
    cp.writeStatus(
        cp.pods, pod, PodStatuses.desired(pod, old, Nodes.internalIp(cp, node)), "kubelet");
    return null;
  }

  private static ObjectNode unschedulable(JsonNode pod) {
    ObjectNode s = Json.object();
    s.put("phase", "Pending");
    ObjectNode c =
        cond(
            pod.path("status"),
            "PodScheduled",
            "False",
            "Unschedulable",
            "no nodes available to schedule pods");
    c.remove("lastUpdateTime");
    c.putNull("lastProbeTime");
    s.putArray("conditions").add(c);
    return s;
  }

  private Duration claim(ObjectNode pvc) {
    if (!ControlPlane.deleting(pvc)) {
      JsonNode spec = pvc.path("spec");
      ObjectNode s = Json.object();
      s.put("phase", "Bound");
      s.set("accessModes", spec.path("accessModes").deepCopy());
      String storage = Json.text(spec, "resources", "requests", "storage");
      if (storage != null) {
        s.putObject("capacity").put("storage", storage);
      }
      cp.writeStatus(cp.claims, pvc, s, ControlPlane.CONTROLLER_MANAGER);
    }
    return null;
  }

  static boolean failing(JsonNode podSpec) {
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : podSpec.path(list)) {
        String image = c.path("image").asText("");
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash && image.substring(colon + 1).equals("fail")) {
          return true;
        }
      }
    }
    return false;
  }

  /** A condition that keeps its timestamps while nothing about it changes. */
  static ObjectNode cond(
      JsonNode oldStatus, String type, String status, String reason, String message) {
    String now = Json.now();
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", status);
    String updated = now;
    String transitioned = now;
    for (JsonNode o : oldStatus.path("conditions")) {
      if (type.equals(o.path("type").asText())) {
        if (status.equals(o.path("status").asText())) {
          transitioned = o.path("lastTransitionTime").asText(now);
          if (java.util.Objects.equals(reason, Json.text(o, "reason"))) {
            updated = o.path("lastUpdateTime").asText(now);
          }
        }
      }
    }
    c.put("lastUpdateTime", updated);
    c.put("lastTransitionTime", transitioned);
    Json.putIfNotNull(c, "reason", reason);
    Json.putIfNotNull(c, "message", message);
    return c;
  }

  @Override
  public void close() {
    cp.core.store.unsubscribe(listener);
    scheduler.shutdownNow();
  }
}
