package io.flotilla.server.rollout;

import io.flotilla.server.store.ClusterRow;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What a rollout takes to its clusters, as the one engine sees it: which clusters it may touch, the
 * revision each was last written from and how it is doing, and the pins that give a cluster the new
 * revision (or the old one back). An assignment's template revisions are one subject ({@link
 * AssignmentSubject}); a plain configuration change across clusters is meant to be another (see
 * docs/assignments.md, "Rollouts of a configuration change"). Every method runs in the caller's
 * transaction but {@link #changed}.
 */
interface RolloutSubject {

  /** The subject: its revisions, and the one every cluster gets unless pinned. */
  record Target(
      String key, String resourceId, long revision, long releasedRevision, boolean staged) {}

  /**
   * One cluster's configuration: the revision it was last written from (null: none written), and
   * its provisioning and compliance states as its agent last reported them.
   */
  record Observed(
      ClusterRow cluster, Long revision, String provisioningState, String complianceState) {}

  Optional<Target> find(Handle h, String key);

  /** The clusters the subject covers now. */
  List<ClusterRow> clusters(Handle h, String key);

  /** Each covered cluster's configuration, by cluster id. */
  Map<String, Observed> observe(Handle h, Target t);

  /** The clusters pinned to a revision other than the released one. */
  Map<String, Long> pins(Handle h, String key);

  /**
   * Gives these clusters {@code revision}; returns those it could not, by cluster id, with why (the
   * wave fails on them).
   */
  Map<String, String> pin(Handle h, String key, Collection<String> clusterIds, long revision);

  /**
   * These clusters go back to the released revision; returns those left as they are, by cluster id,
   * with why (a configuration changed by someone else since the rollout wrote it).
   */
  Map<String, String> unpin(Handle h, String key, Collection<String> clusterIds);

  /**
   * What the status says of one cluster beyond its health: why a rollback left it as it was ({@code
   * rollbackSkipped}), and how its wave found it changed since the rollout was created ({@code
   * rebased}); null where there is nothing to say.
   */
  record Notes(String rollbackSkipped, String rebased) {
    static final Notes NONE = new Notes(null, null);
  }

  /** The clusters there is something to say of, for the status. */
  default Map<String, Notes> notes(Handle h, String key) {
    return Map.of();
  }

  /** Every cluster gets {@code revision}; the pins are done with. */
  void release(Handle h, String key, long revision);

  /** Asks for what changed to be written (after the transaction committed). */
  void changed(String key);
}
