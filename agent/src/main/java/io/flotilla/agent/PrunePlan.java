package io.flotilla.agent;

import io.flotilla.api.agent.DeletedConfiguration;
import io.flotilla.api.agent.DesiredConfiguration;
import io.flotilla.api.agent.DesiredState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of the cluster's FluxConfigs the agent removes, and which it keeps although the desired
 * state no longer lists them. Azure's rule: a configuration leaves a cluster only by a delete the
 * service recorded, so a FluxConfig goes only when a {@code deleting} entry or a recorded delete
 * names its {@code spec.resourceId}. One merely missing (a store restored from an older backup,
 * another cluster identity on the same cluster) stays, with what it applied, and is reported.
 *
 * @param delete FluxConfigs to delete now
 * @param kept FluxConfigs left in place although unlisted, and why
 * @param confirmed names of {@code deleting} entries whose FluxConfig is gone from the cluster
 */
record PrunePlan(List<Present> delete, List<Kept> kept, Set<String> confirmed) {

  /** A FluxConfig in the cluster; {@code resourceId} is its {@code spec.resourceId}. */
  record Present(String namespace, String name, String resourceId, boolean terminating) {
    String key() {
      return namespace + "/" + name;
    }
  }

  /** Why an unlisted FluxConfig stays. */
  enum Why {
    /** This cluster's configuration, missing from the desired state without a recorded delete. */
    DELETE_NOT_RECORDED,
    /** Written for another cluster (another ARM id): this agent has no say over it. */
    OTHER_CLUSTER
  }

  /** An unlisted FluxConfig the agent keeps; {@code message} says why and what to do. */
  record Kept(Present config, Why why, String message) {}

  static PrunePlan of(List<Present> present, DesiredState desired) {
    Set<String> listed = new HashSet<>();
    Set<String> deletes = new HashSet<>();
    for (DesiredConfiguration d : desired.configurations()) {
      if (d.deleting()) {
        deletes.add(lower(d.resourceId()));
      } else {
        listed.add(ClusterWriter.namespaceOf(d) + "/" + d.name());
      }
    }
    for (DeletedConfiguration d : desired.deletedOrEmpty()) {
      deletes.add(lower(d.resourceId()));
    }
    String cluster = desired.cluster() == null ? null : lower(desired.cluster()) + "/providers/";
    List<Present> delete = new ArrayList<>();
    List<Kept> kept = new ArrayList<>();
    Set<String> remaining = new HashSet<>();
    for (Present p : present) {
      if (p.resourceId() != null) {
        remaining.add(lower(p.resourceId()));
      }
      if (listed.contains(p.key()) || p.terminating()) {
        continue;
      }
      String id = p.resourceId() == null ? null : lower(p.resourceId());
      if (id != null && deletes.contains(id)) {
        delete.add(p);
      } else if (cluster != null && (id == null || !id.startsWith(cluster))) {
        kept.add(new Kept(p, Why.OTHER_CLUSTER, otherCluster(p, desired.cluster())));
      } else {
        kept.add(new Kept(p, Why.DELETE_NOT_RECORDED, notRecorded(p)));
      }
    }
    Set<String> confirmed = new HashSet<>();
    for (DesiredConfiguration d : desired.configurations()) {
      if (d.deleting() && !remaining.contains(lower(d.resourceId()))) {
        confirmed.add(d.name());
      }
    }
    return new PrunePlan(delete, kept, confirmed);
  }

  private static String notRecorded(Present p) {
    return "FluxConfig "
        + p.key()
        + " ("
        + p.resourceId()
        + ") is no longer in the configuration service's desired state, but the service recorded"
        + " no delete of it; it is kept, with everything it applied. Delete the configuration"
        + " through the service (k8s-configuration flux delete), or the FluxConfig with kubectl,"
        + " to remove it.";
  }

  private static String otherCluster(Present p, String cluster) {
    return "FluxConfig "
        + p.key()
        + " was written for "
        + (p.resourceId() == null ? "no known cluster" : p.resourceId())
        + ", not for this agent's cluster "
        + cluster
        + "; it is kept, with everything it applied. Run that cluster's agent again, or delete"
        + " the FluxConfig with kubectl, to remove it.";
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
