package io.flotilla.server.assignment;

import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.server.store.ClusterRow;
import java.util.List;
import java.util.Map;

/**
 * An assignment as validated and stored: the desired template (no protected settings: those are
 * sealed apart), the cluster types and tags it selects, and its drift policy.
 */
record AssignmentSpec(
    String configurationName,
    List<String> clusterTypes,
    Map<String, String> matchTags,
    DriftPolicy driftPolicy,
    boolean clusterTagSubstitutions,
    RolloutMode rolloutMode,
    FluxConfigurationProperties template) {

  /** How a new template revision reaches the clusters. */
  enum RolloutMode {
    /** Every PUT's revision goes to every cluster at once (the default). */
    Immediate,
    /** A PUT only records the revision; a rollout takes it to the clusters wave by wave. */
    Staged
  }

  /** What a hand edit of an owned configuration gets. */
  enum DriftPolicy {
    /** Written back to the template at once (the default, as Azure Policy remediates). */
    Revert,
    /** Left as edited and reported as drifted; later template changes skip it too. */
    Keep
  }

  /** Whether this spec selects the cluster, given that it is inside the assignment's scope. */
  boolean selects(ClusterRow cluster) {
    boolean typeMatches =
        clusterTypes.stream()
            .anyMatch(t -> t.equalsIgnoreCase(cluster.ref().clusterResourceName()));
    if (!typeMatches) {
      return false;
    }
    Map<String, String> tags = cluster.tagMap();
    return matchTags.entrySet().stream()
        .allMatch(e -> e.getValue().equals(tagValue(tags, e.getKey())));
  }

  /** ARM tag names compare case-insensitively; values exactly. */
  static String tagValue(Map<String, String> tags, String key) {
    for (var e : tags.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * Whether one cluster could be selected by both specs: a common cluster type and no tag that one
   * requires with a value the other excludes.
   */
  boolean couldSelectTheSameClusterAs(AssignmentSpec other) {
    boolean commonType =
        clusterTypes.stream()
            .anyMatch(t -> other.clusterTypes.stream().anyMatch(t::equalsIgnoreCase));
    if (!commonType) {
      return false;
    }
    for (var e : matchTags.entrySet()) {
      String theirs = tagValue(other.matchTags, e.getKey());
      if (theirs != null && !theirs.equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The stored body, also what GET shows (without status). */
  AssignmentProperties properties() {
    return new AssignmentProperties(
        configurationName,
        clusterTypes,
        new ClusterSelector(matchTags.isEmpty() ? null : matchTags),
        driftPolicy.name(),
        clusterTagSubstitutions,
        rolloutMode.name(),
        template,
        null,
        null,
        null,
        null);
  }
}
