package io.flotilla.server.gitops;

import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.gitops.GitopsCluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A GitopsCluster's conditions after a probe, Flux-style: {@code Ready} first, then {@code
 * ClusterConnectivity} (WGE's reasons), then {@code ClusterProvisioned} when the provisioned
 * annotation is set. A condition keeps its {@code lastTransitionTime} while its status stays.
 * Unlike WGE, whose Ready only says that the Secret exists, Ready here is True only when the
 * cluster answered through the kubeconfig: a Secret holding a broken kubeconfig is not a ready
 * cluster.
 */
final class ClusterConditions {
  static final String READY = "Ready";
  static final String CONNECTED = "ClusterConnected";
  static final String NOT_CONNECTED = "ClusterNotConnected";
  static final String CONNECTION_SUCCEEDED = "ClusterConnectionSucceeded";
  static final String PROVISIONED_REASON = "ClusterProvisioned";

  private ClusterConditions() {}

  static List<Condition> next(
      List<Condition> current, Reach reach, boolean provisioned, Long generation, Instant now) {
    List<Condition> out = new ArrayList<>();
    switch (reach) {
      case Reach.Connected c -> {
        out.add(
            set(
                current,
                READY,
                Condition.TRUE,
                CONNECTED,
                "cluster " + c.server() + " is connected",
                generation,
                now));
        out.add(
            set(
                current,
                GitopsCluster.CLUSTER_CONNECTIVITY,
                Condition.TRUE,
                CONNECTION_SUCCEEDED,
                "cluster connectivity is ok",
                generation,
                now));
      }
      case Reach.NotConnected n -> {
        out.add(
            set(current, READY, Condition.FALSE, n.readyReason(), n.message(), generation, now));
        out.add(
            set(
                current,
                GitopsCluster.CLUSTER_CONNECTIVITY,
                Condition.FALSE,
                LeafClients.CONNECTION_FAILED,
                n.message(),
                generation,
                now));
      }
    }
    if (provisioned) {
      out.add(
          set(
              current,
              GitopsCluster.CLUSTER_PROVISIONED,
              Condition.TRUE,
              PROVISIONED_REASON,
              "Cluster Provisioned annotation detected",
              generation,
              now));
    }
    return out;
  }

  /** Whether two condition lists say the same, transition times aside. */
  static boolean same(List<Condition> a, List<Condition> b) {
    if (a == null || b == null || a.size() != b.size()) {
      return a == b || (a != null && b != null && a.isEmpty() && b.isEmpty());
    }
    for (int i = 0; i < a.size(); i++) {
      Condition x = a.get(i);
      Condition y = b.get(i);
      if (!Objects.equals(x.type(), y.type())
          || !Objects.equals(x.status(), y.status())
          || !Objects.equals(x.reason(), y.reason())
          || !Objects.equals(x.message(), y.message())
          || !Objects.equals(x.observedGeneration(), y.observedGeneration())) {
        return false;
      }
    }
    return true;
  }

  static Condition find(List<Condition> list, String type) {
    if (list == null) {
      return null;
    }
    return list.stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
  }

  private static Condition set(
      List<Condition> current,
      String type,
      String status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    Condition old = find(current, type);
    String since =
        old != null && status.equals(old.status()) && old.lastTransitionTime() != null
            ? old.lastTransitionTime()
            : now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    return new Condition(type, status, generation, since, reason, message);
  }
}
