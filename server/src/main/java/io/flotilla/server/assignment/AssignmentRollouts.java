package io.flotilla.server.assignment;

import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.OwnerRepository;
import io.flotilla.server.store.OwnerRepository.Owned;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What a staged rollout ({@code server.rollout}) may see and do of an assignment: find it, list the
 * clusters it selects with their configurations' states, pin clusters to a template revision (the
 * reconciler then writes that revision to them), and release a revision to every cluster. Every
 * method runs in the caller's transaction.
 */
public final class AssignmentRollouts {
  private final AssignmentStore store = new AssignmentStore();
  private final ClusterRepository clusters = new ClusterRepository();
  private final OwnerRepository owners = new OwnerRepository();
  private final AssignmentReconciler reconciler;

  AssignmentRollouts(AssignmentReconciler reconciler) {
    this.reconciler = reconciler;
  }

  /** An assignment as a rollout sees it. */
  public record Target(
      String key,
      String resourceId,
      String configurationName,
      long revision,
      long releasedRevision,
      boolean staged) {}

  /** The assignment, or a 404 naming it and its scope. */
  public Target require(Handle h, String subscription, String resourceGroup, String name) {
    return target(store.require(h, new AssignmentScope(subscription, resourceGroup), name));
  }

  public Optional<Target> findByKey(Handle h, String key) {
    return store.findByKey(h, key).map(this::target);
  }

  private Target target(AssignmentRow a) {
    return new Target(
        a.key(),
        a.resourceId(),
        a.spec().configurationName(),
        a.revision(),
        a.releasedRevision(),
        a.spec().rolloutMode() == AssignmentSpec.RolloutMode.Staged);
  }

  /** The clusters the assignment selects now (scope, cluster types, tags). */
  public List<ClusterRow> selected(Handle h, String key) {
    AssignmentRow a = row(h, key);
    return clusters.listInScope(h, a.scope().subscription(), a.scope().resourceGroup()).stream()
        .filter(c -> a.spec().selects(c))
        .toList();
  }

  /** The configurations the assignment owns, by cluster id. */
  public Map<String, Owned> owned(Handle h, String resourceId) {
    Map<String, Owned> out = new HashMap<>();
    for (Owned o : owners.ownedBy(h, resourceId)) {
      out.put(o.clusterId(), o);
    }
    return out;
  }

  public boolean hasRevision(Handle h, String key, long revision) {
    return store.specAt(h, key, revision).isPresent();
  }

  public Map<String, Long> pins(Handle h, String key) {
    return store.pins(h, key);
  }

  /** These clusters get {@code revision} (until released or unpinned). */
  public void pin(Handle h, String key, Collection<String> clusterIds, long revision) {
    store.pin(h, key, clusterIds, revision);
  }

  /** These clusters go back to the released revision. */
  public void unpin(Handle h, String key, Collection<String> clusterIds) {
    store.unpin(h, key, clusterIds);
  }

  /** Every cluster gets {@code revision}; pins are cleared. */
  public void release(Handle h, String key, long revision) {
    store.release(h, key, revision);
  }

  /** Asks the reconciler to write what changed (call after the transaction committed). */
  public void changed(String key) {
    reconciler.assignmentChanged(key);
  }

  private AssignmentRow row(Handle h, String key) {
    return store
        .findByKey(h, key)
        .orElseThrow(() -> new IllegalStateException("no assignment " + key));
  }
}
