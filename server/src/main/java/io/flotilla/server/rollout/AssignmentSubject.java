package io.flotilla.server.rollout;

import io.flotilla.server.assignment.AssignmentRollouts;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.OwnerRepository.Owned;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** An assignment's template revisions as a rollout's subject: pins are the assignment's. */
final class AssignmentSubject implements RolloutSubject {
  private final AssignmentRollouts assignments;

  AssignmentSubject(AssignmentRollouts assignments) {
    this.assignments = assignments;
  }

  /** The assignment named by its path, or a 404 naming it. */
  Target require(Handle h, String subscription, String resourceGroup, String name) {
    return target(assignments.require(h, subscription, resourceGroup, name));
  }

  @Override
  public Optional<Target> find(Handle h, String key) {
    return assignments.findByKey(h, key).map(AssignmentSubject::target);
  }

  private static Target target(AssignmentRollouts.Target t) {
    return new Target(t.key(), t.resourceId(), t.revision(), t.releasedRevision(), t.staged());
  }

  @Override
  public List<ClusterRow> clusters(Handle h, String key) {
    return assignments.selected(h, key);
  }

  @Override
  public Map<String, Observed> observe(Handle h, Target t) {
    Map<String, Owned> owned = assignments.owned(h, t.resourceId());
    Map<String, Observed> out = new HashMap<>();
    for (ClusterRow c : assignments.selected(h, t.key())) {
      Owned o = owned.get(c.id());
      out.put(
          c.id(),
          o == null
              ? new Observed(c, null, null, null)
              : new Observed(c, o.ownerRevision(), o.provisioningState(), o.complianceState()));
    }
    return out;
  }

  @Override
  public Map<String, Long> pins(Handle h, String key) {
    return assignments.pins(h, key);
  }

  @Override
  public Map<String, String> pin(
      Handle h, String key, Collection<String> clusterIds, long revision) {
    assignments.pin(h, key, clusterIds, revision);
    return Map.of(); // the reconciler renders each pinned cluster from its revision
  }

  @Override
  public Map<String, String> unpin(Handle h, String key, Collection<String> clusterIds) {
    assignments.unpin(h, key, clusterIds);
    return Map.of(); // pins of an assignment: its reconciler reports and reverts drift itself
  }

  @Override
  public void release(Handle h, String key, long revision) {
    assignments.release(h, key, revision);
  }

  @Override
  public void changed(String key) {
    assignments.changed(key);
  }
}
