package io.flotilla.server.gitops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.gitops.GitopsCluster;
import io.flotilla.server.joined.GitopsClusterId;
import io.flotilla.server.joined.JoinedClusters;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Clusters joined by kubeconfig, as Weave GitOps Enterprise joins them: the GitopsClusters of a
 * management cluster, each probed through its kubeconfig Secret and given {@code Ready} and {@code
 * ClusterConnectivity} conditions, served under ARM ids ({@link GitopsClusterId}) so that role
 * assignments decide who sees them, and their Flux objects read as the asking user.
 */
public final class GitopsClusters implements JoinedClusters {
  private final KubernetesClient management;
  private final LeafClients leaves;
  private final Watcher watcher;
  private final GitopsOptions options;
  private final Clock clock;
  private final GitopsController answers = new GitopsController(this);

  private GitopsClusters(GitopsOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
    this.management = new KubernetesClientBuilder().withConfig(options.managementCluster()).build();
    this.leaves = new LeafClients(management);
    this.watcher = new Watcher(management, leaves, clock, options.probeEvery());
  }

  public static GitopsClusters start(GitopsOptions options, Clock clock) {
    GitopsClusters g = new GitopsClusters(options, clock);
    g.watcher.start();
    return g;
  }

  /** For {@code /readyz}: the GitopsClusters have been listed once. */
  public boolean synced() {
    return watcher.synced();
  }

  /**
   * What the service starts with its clock to watch the management cluster {@code options} names.
   */
  public static JoinedClusters.Watch watch(GitopsOptions options) {
    return clock -> start(options, clock);
  }

  @Override
  public void answerList(Context ctx, String namespace) {
    answers.list(ctx, namespace);
  }

  @Override
  public void answerOne(Context ctx) {
    answers.one(ctx);
  }

  @Override
  public void answerFluxObjects(Context ctx) {
    answers.fluxObjects(ctx);
  }

  @Override
  public List<Summary> list(Predicate<String> readable, String q) {
    String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    return watcher.all().stream()
        .filter(gc -> readable.test(id(gc).resourceId()))
        .filter(
            gc ->
                needle.isEmpty()
                    || gc.getMetadata().getName().toLowerCase(Locale.ROOT).contains(needle))
        .map(gc -> summary(gc, now))
        .sorted(
            Comparator.comparing((Summary s) -> s.id().namespace())
                .thenComparing(s -> s.id().name()))
        .toList();
  }

  String subscriptionId() {
    return options.subscriptionId();
  }

  Watcher watcher() {
    return watcher;
  }

  LeafClients leaves() {
    return leaves;
  }

  Clock clock() {
    return clock;
  }

  GitopsClusterId id(GitopsCluster gc) {
    return new GitopsClusterId(
        options.subscriptionId(), gc.getMetadata().getNamespace(), gc.getMetadata().getName());
  }

  Optional<GitopsCluster> find(GitopsClusterId id) {
    if (!id.subscriptionId().equalsIgnoreCase(options.subscriptionId())) {
      return Optional.empty();
    }
    return watcher.find(id.namespace(), id.name());
  }

  /**
   * This process's latest probe decides, never a status written long ago: a probe older than three
   * intervals (or none yet) is Unknown, whatever the object's Ready says.
   */
  Summary summary(GitopsCluster gc, Instant now) {
    Watcher.Observation o = watcher.observation(gc).orElse(null);
    var labels = gc.getMetadata().getLabels();
    boolean bootstrap =
        labels != null
            && GitopsCluster.BOOTSTRAP_VALUE.equals(labels.get(GitopsCluster.BOOTSTRAP_LABEL));
    if (watcher.stale(o, now)) {
      return new Summary(
          id(gc),
          "Unknown",
          "NotChecked",
          o == null
              ? "not checked yet"
              : "not checked since " + o.checkedAt() + ": the last result is too old to show",
          o == null ? null : o.checkedAt(),
          bootstrap);
    }
    return switch (o.reach()) {
      case Reach.Connected c -> {
        Condition ready =
            ClusterConditions.find(
                gc.getStatus() == null ? null : gc.getStatus().conditions(),
                ClusterConditions.READY);
        yield new Summary(
            id(gc),
            "Ready",
            ClusterConditions.CONNECTED,
            ready != null && ready.isTrue()
                ? ready.message()
                : "cluster " + c.server() + " is connected",
            o.checkedAt(),
            bootstrap);
      }
      case Reach.NotConnected n ->
          new Summary(id(gc), "NotReady", n.readyReason(), n.message(), o.checkedAt(), bootstrap);
    };
  }

  @Override
  public void close() {
    watcher.close();
    leaves.close();
    management.close();
  }
}
