package io.flotilla.server.gitops;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.gitops.GitopsCluster;
import io.flotilla.server.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the management cluster's GitopsClusters, probes each joined cluster through its
 * kubeconfig when it appears or changes and every {@code probeEvery}, and writes the outcome to the
 * GitopsCluster's status (only when it changed). Probes run on virtual threads, one at a time per
 * cluster, so a cluster that is down delays nobody else.
 */
final class Watcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
  static final String FIELD_MANAGER = "flotilla-gitops";

  /** The last probe of one cluster by this process. */
  record Observation(Instant checkedAt, Reach reach) {}

  private final KubernetesClient management;
  private final LeafClients leaves;
  private final Clock clock;
  private final Duration every;
  private final Map<String, Observation> observations = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ExecutorService probes =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gitops-probe-", 0).factory());
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("gitops-ticker").factory());
  private SharedIndexInformer<GitopsCluster> informer;

  Watcher(KubernetesClient management, LeafClients leaves, Clock clock, Duration every) {
    this.management = management;
    this.leaves = leaves;
    this.clock = clock;
    this.every = every;
  }

  void start() {
    informer =
        management
            .resources(GitopsCluster.class)
            .inAnyNamespace()
            .runnableInformer(0)
            .addEventHandler(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GitopsCluster gc) {
                    probe(gc);
                  }

                  @Override
                  public void onUpdate(GitopsCluster before, GitopsCluster after) {
                    // our own status writes come back here: only a change of what the user
                    // wrote is worth a probe
                    if (!Objects.equals(
                            before.getMetadata().getGeneration(),
                            after.getMetadata().getGeneration())
                        || !Objects.equals(
                            before.getMetadata().getAnnotations(),
                            after.getMetadata().getAnnotations())) {
                      probe(after);
                    }
                  }

                  @Override
                  public void onDelete(GitopsCluster gc, boolean unknownFinalState) {
                    String key = LeafClients.key(gc);
                    observations.remove(key);
                    leaves.forget(key);
                  }
                });
    // the informer lists and watches with retries: a management cluster not yet serving the
    // CRD is waited for, not a reason to stop the service
    informer.start();
    long ms = every.toMillis();
    ticker.scheduleWithFixedDelay(this::probeAll, ms, ms, TimeUnit.MILLISECONDS);
  }

  boolean synced() {
    return informer != null && informer.hasSynced();
  }

  List<GitopsCluster> all() {
    return informer == null ? List.of() : informer.getStore().list();
  }

  Optional<GitopsCluster> find(String namespace, String name) {
    return informer == null
        ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
  }

  Optional<Observation> observation(GitopsCluster gc) {
    return Optional.ofNullable(observations.get(LeafClients.key(gc)));
  }

  /** Whether {@code o} is too old to say anything about the cluster now. */
  boolean stale(Observation o, Instant now) {
    return o == null || o.checkedAt().plus(every.multipliedBy(3)).isBefore(now);
  }

  private void probeAll() {
    try {
      all().forEach(this::probe);
    } catch (RuntimeException e) {
      LOG.warn("Probing the joined clusters failed; the next round tries again", e);
    }
  }

  void probe(GitopsCluster gc) {
    String key = LeafClients.key(gc);
    if (!inFlight.add(key)) {
      return;
    }
    try {
      probes.execute(
          () -> {
            try {
              run(key);
            } catch (RuntimeException e) {
              LOG.warn("Probing GitopsCluster {} failed", key, e);
            } finally {
              inFlight.remove(key);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      inFlight.remove(key); // closing
    }
  }

  private void run(String key) {
    GitopsCluster gc = informer.getStore().getByKey(key);
    if (gc == null) {
      return;
    }
    Reach reach = reach(gc);
    observations.put(key, new Observation(clock.instant(), reach));
    writeStatus(gc, reach);
  }

  private Reach reach(GitopsCluster gc) {
    LeafClients.Leaf leaf;
    try {
      leaf = leaves.client(gc);
    } catch (LeafClients.Unjoinable u) {
      return new Reach.NotConnected(u.reason, u.getMessage());
    }
    try {
      leaf.client().namespaces().list(new ListOptionsBuilder().withLimit(1L).build());
      return new Reach.Connected(leaf.server());
    } catch (KubernetesClientException e) {
      return new Reach.NotConnected(
          ClusterConditions.NOT_CONNECTED,
          "failed connecting to the cluster: " + LeafErrors.describe(e, leaf.server()));
    }
  }

  private void writeStatus(GitopsCluster gc, Reach reach) {
    List<Condition> current = gc.getStatus() == null ? null : gc.getStatus().conditions();
    var annotations = gc.getMetadata().getAnnotations();
    boolean provisioned =
        annotations != null && annotations.containsKey(GitopsCluster.PROVISIONED_ANNOTATION);
    List<Condition> next =
        ClusterConditions.next(
            current, reach, provisioned, gc.getMetadata().getGeneration(), clock.instant());
    if (ClusterConditions.same(current, next)) {
      return;
    }
    String patch =
        Json.MAPPER
            .createObjectNode()
            .set(
                "status",
                Json.MAPPER.createObjectNode().set("conditions", Json.MAPPER.valueToTree(next)))
            .toString();
    try {
      management
          .resources(GitopsCluster.class)
          .inNamespace(gc.getMetadata().getNamespace())
          .withName(gc.getMetadata().getName())
          .subresource("status")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.JSON_MERGE)
                  .withFieldManager(FIELD_MANAGER)
                  .build(),
              patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn(
            "Writing the status of GitopsCluster {} failed: {}",
            LeafClients.key(gc),
            LeafErrors.statusMessage(e));
      }
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (informer != null) {
      informer.close();
    }
    probes.shutdownNow();
  }
}
