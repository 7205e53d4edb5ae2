package io.flotilla.server.assignment;

import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.OwnerRepository.Owned;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The assignment reconciler's decision per cluster, without I/O: which template revision a cluster
 * gets (its rollout pin or the released one), and whether its configuration is created, rewritten
 * or deleted, judged by the owner record's revision and the digest of what was written.
 */
final class AssignmentPlan {
  private AssignmentPlan() {}

  /** What to do on one cluster. */
  enum Action {
    CREATE,
    WRITE,
    DELETE
  }

  /**
   * One cluster's work; {@code revision} and {@code spec}: the template revision to write (the
   * released one, or the one a rollout pinned for the cluster), null for a delete.
   */
  record Step(ClusterRow cluster, Action action, long revision, AssignmentSpec spec) {
    static Step delete(ClusterRow cluster) {
      return new Step(cluster, Action.DELETE, 0, null);
    }
  }

  /** The revisions a reconcile pass writes: pins per cluster, and each revision's spec. */
  record Revisions(AssignmentRow a, Map<String, Long> pins, Map<Long, AssignmentSpec> specs) {
    static Revisions load(Handle h, AssignmentStore store, AssignmentRow a) {
      Map<String, Long> pins = store.pins(h, a.key());
      Map<Long, AssignmentSpec> specs = new HashMap<>();
      specs.put(a.revision(), a.spec());
      for (long r : new java.util.HashSet<>(pins.values())) {
        specs.put(r, store.specAt(h, a.key(), r).orElse(a.spec()));
      }
      if (!specs.containsKey(a.releasedRevision())) {
        specs.put(
            a.releasedRevision(), store.specAt(h, a.key(), a.releasedRevision()).orElse(a.spec()));
      }
      return new Revisions(a, pins, specs);
    }

    long revisionFor(String clusterId) {
      return pins.getOrDefault(clusterId, a.releasedRevision());
    }

    AssignmentSpec specFor(long revision) {
      return specs.get(revision);
    }
  }

  static Optional<Step> decide(
      AssignmentRow a,
      Revisions revisions,
      ClusterRow c,
      boolean selected,
      String holder,
      Owned o) {
    if (!selected) {
      return o != null && !ProvisioningState.DELETING.equals(o.provisioningState())
          ? Optional.of(Step.delete(c))
          : Optional.empty();
    }
    long revision = revisions.revisionFor(c.id());
    AssignmentSpec spec = revisions.specFor(revision);
    if (o == null) {
      // absent: create; held by hand or by another assignment: leave it (a conflict)
      return holder == null
          ? Optional.of(new Step(c, Action.CREATE, revision, spec))
          : Optional.empty();
    }
    if (ProvisioningState.DELETING.equals(o.provisioningState())) {
      return Optional.empty(); // created again once the agent confirmed the delete
    }
    if (o.drifted()) {
      return a.spec().driftPolicy() == AssignmentSpec.DriftPolicy.Revert
          ? Optional.of(new Step(c, Action.WRITE, revision, spec))
          : Optional.empty();
    }
    if (o.ownerRevision() != revision || !digest(render(spec, c)).equals(o.ownerDigest())) {
      return Optional.of(new Step(c, Action.WRITE, revision, spec));
    }
    return Optional.empty();
  }

  static FluxConfigurationProperties render(AssignmentSpec spec, ClusterRow c) {
    return ClusterTemplate.render(spec, c.ref(), c.tagMap());
  }

  static String digest(FluxConfigurationProperties desired) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(Json.write(desired).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
