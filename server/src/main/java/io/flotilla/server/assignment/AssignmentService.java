package io.flotilla.server.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.fluxconfig.ConfigurationLifecycle;
import io.flotilla.server.fluxconfig.FluxConfigurationRules;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.Authorship;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.OwnerRepository;
import io.flotilla.server.store.OwnerRepository.Owned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The rules and transactions of assignments; the per-cluster work is the reconciler's. */
public final class AssignmentService implements AutoCloseable {
  private final ServiceContext context;
  private final Connectivity connectivity;
  private final AssignmentReconciler reconciler;
  private final AssignmentStore store = new AssignmentStore();
  private final ClusterRepository clusters = new ClusterRepository();
  private final OwnerRepository owners = new OwnerRepository();
  private final java.util.concurrent.locks.ReentrantLock writes =
      new java.util.concurrent.locks.ReentrantLock();

  public AssignmentService(
      ServiceContext context, ConfigurationLifecycle lifecycle, Connectivity connectivity) {
    this.context = context;
    this.connectivity = connectivity;
    this.reconciler = new AssignmentReconciler(context, lifecycle);
  }

  public AssignmentReconciler reconciler() {
    return reconciler;
  }

  /** What staged rollouts use of assignments. */
  public AssignmentRollouts rollouts() {
    return new AssignmentRollouts(reconciler);
  }

  static String aad(String key) {
    return "fluxConfigurationAssignments/" + key;
  }

  record PutResult(boolean created, Assignment resource, String etag) {}

  record Tagged(Assignment resource, String etag) {}

  static String etag(AssignmentRow row) {
    return Preconditions.etag(row.revision());
  }

  /** The assignment as stored, once the request's preconditions hold against it. */
  private Optional<AssignmentRow> checked(
      Handle h, AssignmentScope scope, String name, Preconditions preconditions) {
    Optional<AssignmentRow> row = store.find(h, scope, name);
    preconditions.check(row.map(AssignmentService::etag));
    return row;
  }

  PutResult put(
      AssignmentScope scope,
      String name,
      JsonNode properties,
      String actor,
      Preconditions preconditions) {
    AssignmentRules.Parsed parsed = AssignmentRules.parse(scope, properties);
    AssignmentSpec spec = parsed.spec();
    Instant now = context.clock().instant();
    // One writer of assignments at a time, so that two overlapping PUTs cannot both pass the
    // overlap check (within this replica; see docs/assignments.md for several).
    writes.lock();
    AssignmentRow saved;
    try {
      saved =
          context.inTransaction(
              h -> {
                Optional<AssignmentRow> existing = checked(h, scope, name, preconditions);
                String id = existing.map(AssignmentRow::resourceId).orElse(scope.resourceId(name));
                for (AssignmentRow other : store.inSubscription(h, scope.subscription())) {
                  if (!other.key().equals(scope.key(name))
                      && other.spec().configurationName().equals(spec.configurationName())
                      && other.scope().overlaps(scope)
                      && other.spec().couldSelectTheSameClusterAs(spec)) {
                    throw AssignmentRules.overlap(id, other.resourceId(), spec.configurationName());
                  }
                }
                if (existing.isPresent()) {
                  AssignmentSpec before = existing.get().spec();
                  if (!before.configurationName().equals(spec.configurationName())) {
                    throw ArmException.invalidProperty(
                        "properties.configurationName",
                        "configurationName cannot be changed on an existing assignment (its"
                            + " configurations keep their names). Delete the assignment and create"
                            + " it again, or create another assignment.");
                  }
                  checkImmutable(scope, before, spec);
                }
                String sealed =
                    parsed.secrets() == null
                        ? existing.map(AssignmentRow::sealedSecrets).orElse(null)
                        : parsed.secrets().isEmpty()
                            ? null
                            : context
                                .cipher()
                                .encrypt(Json.write(parsed.secrets()), aad(scope.key(name)));
                AssignmentRow row =
                    new AssignmentRow(
                        id,
                        scope,
                        existing.map(AssignmentRow::name).orElse(name),
                        spec,
                        sealed,
                        existing.map(r -> r.revision() + 1).orElse(1L),
                        // Staged: clusters keep the released revision until a rollout moves
                        // them
                        existing.isPresent()
                                && spec.rolloutMode() == AssignmentSpec.RolloutMode.Staged
                            ? existing.get().releasedRevision()
                            : existing.map(r -> r.revision() + 1).orElse(1L),
                        existing
                            .map(r -> r.authorship().modified(now, actor))
                            .orElse(Authorship.created(now, actor)));
                store.upsert(h, row, existing.isEmpty());
                if (row.releasedRevision() == row.revision()) {
                  store.release(h, row.key(), row.revision()); // a release clears every pin
                }
                AuditLog.record(
                    h,
                    now,
                    actor,
                    existing.isEmpty() ? "create" : "update",
                    id,
                    "revision " + row.revision());
                return row;
              });
    } finally {
      writes.unlock();
    }
    reconciler.assignmentChanged(saved.key());
    boolean created = saved.revision() == 1;
    return new PutResult(created, render(saved), etag(saved));
  }

  /** A template change that every cluster would refuse (scope, namespace) is refused here. */
  private static void checkImmutable(
      AssignmentScope scope, AssignmentSpec before, AssignmentSpec after) {
    ClusterRef standIn =
        new ClusterRef(
            scope.subscription(),
            "resource-group",
            "Microsoft.Kubernetes",
            "connectedClusters",
            "c");
    try {
      FluxConfigurationRules.checkImmutable(
          ClusterTemplate.render(before, standIn, Map.of()),
          ClusterTemplate.render(after, standIn, Map.of()));
    } catch (ArmException e) {
      throw new ArmException(
          e.status(), e.code(), e.getMessage(), "properties.template" + suffix(e.target()));
    }
  }

  private static String suffix(String target) {
    return target == null || !target.startsWith("properties")
        ? ""
        : target.substring("properties".length());
  }

  Tagged get(AssignmentScope scope, String name) {
    return context.withHandle(
        h -> {
          AssignmentRow row = store.require(h, scope, name);
          return new Tagged(render(h, row), etag(row));
        });
  }

  List<Assignment> list(AssignmentScope scope) {
    return context.withHandle(
        h -> store.atScope(h, scope).stream().map(r -> render(h, r)).toList());
  }

  /**
   * Deletes the assignment. Its configurations are deleted from their clusters, unless {@code
   * keepConfigurations}: then they stay, no longer owned (as if made by hand). False when absent.
   */
  boolean delete(
      AssignmentScope scope,
      String name,
      boolean keepConfigurations,
      String actor,
      Preconditions preconditions) {
    Instant now = context.clock().instant();
    Optional<AssignmentRow> deleted =
        context.inTransaction(
            h -> {
              Optional<AssignmentRow> row = checked(h, scope, name, preconditions);
              if (row.isEmpty()) {
                return row;
              }
              store.delete(h, row.get().key());
              if (keepConfigurations) {
                owners.release(h, row.get().resourceId());
              }
              AuditLog.record(
                  h,
                  now,
                  actor,
                  "delete",
                  row.get().resourceId(),
                  keepConfigurations ? "configurations kept" : "configurations deleted");
              return row;
            });
    if (deleted.isPresent() && !keepConfigurations) {
      reconciler.deleted(deleted.get());
    }
    return deleted.isPresent();
  }

  private Assignment render(AssignmentRow row) {
    return context.withHandle(h -> render(h, row));
  }

  private Assignment render(Handle h, AssignmentRow row) {
    return new Assignment(
        row.resourceId(),
        row.name(),
        Assignment.TYPE,
        row.authorship().systemData(),
        row.spec()
            .properties()
            .withStatus(row.revision(), row.releasedRevision(), compliance(h, row)));
  }

  /**
   * Azure Policy's compliance view of one assignment: every cluster in scope counted once. A
   * cluster whose configuration is not written yet, or not yet applied, is Pending; a disconnected
   * one Unknown; one holding a configuration of that name the assignment does not own Non-Compliant
   * (listed in {@code conflicts}); Suspended counts as Non-Compliant (it is not kept in sync).
   */
  AssignmentProperties.Compliance compliance(Handle h, AssignmentRow a) {
    List<ClusterRow> selected =
        clusters.listInScope(h, a.scope().subscription(), a.scope().resourceGroup()).stream()
            .filter(c -> a.spec().selects(c))
            .toList();
    Map<String, Owned> owned = new HashMap<>();
    for (Owned o : owners.ownedBy(h, a.resourceId())) {
      owned.put(o.clusterId(), o);
    }
    Map<String, String> holders =
        owners.holdersOf(h, a.scope().subscription(), a.spec().configurationName());
    Map<String, String> refused = reconciler.refusals(a.key());
    int compliant = 0;
    int nonCompliant = 0;
    int pending = 0;
    int unknown = 0;
    int drifted = 0;
    int upToDate = 0;
    List<String> conflicts = new ArrayList<>();
    for (ClusterRow c : selected) {
      Owned o = owned.get(c.id());
      if (o == null) {
        String holder = holders.get(c.id());
        if (holder != null) {
          nonCompliant++;
          if (conflicts.size() < 20) {
            conflicts.add(
                c.ref().fluxConfigurationId(a.spec().configurationName())
                    + (holder.isEmpty()
                        ? " was not created by this assignment"
                        : " belongs to " + holder));
          }
        } else if (refused.containsKey(c.id())) {
          nonCompliant++;
        } else {
          pending++;
        }
        continue;
      }
      if (o.drifted()) {
        drifted++;
      } else if (o.ownerRevision() == a.revision()) {
        upToDate++;
      }
      java.time.Instant seen = connectivity.lastSeen(c.id(), c.lastSeenAt());
      String state = o.complianceState() == null ? ComplianceState.UNKNOWN : o.complianceState();
      if (seen != null && connectivity.offline(seen)) {
        unknown++;
      } else if (ProvisioningState.CREATING.equals(o.provisioningState())
          || ProvisioningState.UPDATING.equals(o.provisioningState())
          || ProvisioningState.DELETING.equals(o.provisioningState())) {
        pending++;
      } else if (ProvisioningState.FAILED.equals(o.provisioningState())) {
        nonCompliant++;
      } else {
        switch (state) {
          case ComplianceState.COMPLIANT -> compliant++;
          case ComplianceState.NON_COMPLIANT, ComplianceState.SUSPENDED -> nonCompliant++;
          case ComplianceState.PENDING -> pending++;
          default -> unknown++;
        }
      }
    }
    return new AssignmentProperties.Compliance(
        selected.size(), compliant, nonCompliant, pending, unknown, drifted, upToDate, conflicts);
  }

  @Override
  public void close() {
    reconciler.close();
  }
}
