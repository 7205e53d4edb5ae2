package io.flotilla.server.lifecycle;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.security.ProtectedSettingsCipher;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ChildRepository;
import io.flotilla.server.store.ChildRow;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The ARM lifecycle of one type of cluster child resource: a write runs in one transaction that
 * holds the cluster row's lock and checks the request's ETag preconditions; every change is a
 * long-running operation (Creating/Updating/Deleting until the agent confirms) that a newer change
 * supersedes; a delete turns the resource Deleting, a force delete removes it at once; protected
 * settings are sealed to the resource; every change leaves an audit row. After a committed change
 * the cluster's id goes to {@code changed} (the agent's desired-state signal).
 */
public final class ResourceLifecycle {
  /**
   * What differs between resource types: the operations' and sealed settings' {@code type}, the
   * noun in messages, the noun in a force delete's cancel reason, and the resource's ARM id.
   */
  public record Kind(
      String type,
      String noun,
      String forceDeleteNoun,
      BiFunction<ClusterRef, String, String> id) {}

  /** Who writes, when, and at which cluster state version. */
  public record Stamp(String actor, Instant now, long version) {}

  public enum DeleteOutcome {
    ABSENT,
    DELETED,
    DELETING
  }

  public record DeleteResult(DeleteOutcome outcome, String operationId) {}

  /** What a delete does to one resource type's row beyond the steps every type shares. */
  @FunctionalInterface
  public interface Deleting<R> {
    /** Turns the row to Deleting at {@code w.version()}. */
    void markDeleting(Handle h, ClusterRow cluster, R row, Stamp w);

    /** After a force delete removed the row at {@code now}. */
    default void removed(Handle h, String clusterId, String name, Instant now) {}
  }

  /** Work done in a write transaction on one cluster. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Handle h, ClusterRow cluster);
  }

  /** A PUT's work: the resource as stored (if any), and who writes when at which version. */
  @FunctionalInterface
  public interface PutWork<R, T> {
    T run(Handle h, ClusterRow cluster, Optional<R> existing, Stamp w);
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProtectedSettingsCipher cipher;
  private final Kind kind;
  private final Consumer<String> changed;
  private final ClusterRepository clusters = new ClusterRepository();
  private final OperationRepository operations = new OperationRepository();

  public ResourceLifecycle(ServiceContext context, Kind kind, Consumer<String> changed) {
    this.jdbi = context.jdbi();
    this.clock = context.clock();
    this.cipher = context.cipher();
    this.kind = kind;
    this.changed = changed;
  }

  /** The ETag of a row at {@code version}: it grows with every change to the row. */
  public static String etag(long version) {
    return Preconditions.etag(version);
  }

  /**
   * Runs {@code work} in one transaction on the cluster {@code ref} names (404 when there is none)
   * and, once committed, reports the cluster as changed when {@code changedIf} holds for the
   * result.
   */
  public <T> T write(ClusterRef ref, Work<T> work, Predicate<T> changedIf) {
    String[] clusterId = new String[1];
    T result =
        jdbi.inTransaction(
            h -> {
              ClusterRow cluster = requireCluster(h, ref);
              clusterId[0] = cluster.id();
              return work.run(h, cluster);
            });
    if (changedIf.test(result)) {
      changed.accept(clusterId[0]);
    }
    return result;
  }

  /** Runs {@code work} in one transaction on the cluster {@code ref} names, changing nothing. */
  public <T> T read(ClusterRef ref, Work<T> work) {
    return jdbi.inTransaction(h -> work.run(h, requireCluster(h, ref)));
  }

  /**
   * A PUT of resource {@code name} by {@code actor} in a write transaction on the cluster: the
   * cluster's state version is bumped first, which locks its row, so concurrent writers queue up
   * before the preconditions are checked against the stored resource. The cluster is reported as
   * changed.
   */
  public <R extends ChildRow, T> T put(
      ClusterRef ref,
      ChildRepository<R> rows,
      String name,
      String actor,
      Preconditions preconditions,
      PutWork<R, T> work) {
    Instant now = clock.instant();
    return write(
        ref,
        (h, cluster) -> {
          Stamp w = new Stamp(actor, now, bumpStateVersion(h, cluster));
          return work.run(h, cluster, checked(h, rows, cluster, name, preconditions), w);
        },
        r -> true);
  }

  /** The resource as stored, once the request's preconditions hold against its ETag. */
  private static <R extends ChildRow> Optional<R> checked(
      Handle h,
      ChildRepository<R> rows,
      ClusterRow cluster,
      String name,
      Preconditions preconditions) {
    Optional<R> row = rows.find(h, cluster.id(), name);
    preconditions.check(row.map(r -> etag(r.version())));
    return row;
  }

  /**
   * DELETE: with {@code force} the resource goes at once; otherwise it turns Deleting until the
   * agent has taken the removal; absent is {@link DeleteOutcome#ABSENT}.
   */
  public <R extends ChildRow> DeleteResult delete(
      ClusterRef ref,
      String name,
      boolean force,
      String actor,
      Preconditions preconditions,
      ChildRepository<R> rows,
      Deleting<R> deleting) {
    Instant now = clock.instant();
    return write(
        ref,
        (h, cluster) -> {
          clusters.lock(h, cluster.id());
          Optional<R> existing = checked(h, rows, cluster, name, preconditions);
          if (existing.isEmpty()) {
            return new DeleteResult(DeleteOutcome.ABSENT, null);
          }
          long version = clusters.bumpStateVersion(h, cluster.id());
          if (force) {
            rows.delete(h, cluster.id(), name);
            deleting.removed(h, cluster.id(), name, now);
            cancel(
                h,
                cluster,
                name,
                null,
                "the " + kind.forceDeleteNoun() + " was force-deleted",
                now);
            AuditLog.record(h, now, actor, "forceDelete", id(cluster.ref(), name), null);
            return new DeleteResult(DeleteOutcome.DELETED, null);
          }
          Stamp w = new Stamp(actor, now, version);
          deleting.markDeleting(h, cluster, existing.get(), w);
          return new DeleteResult(
              DeleteOutcome.DELETING, deleting(h, cluster, name, w, "version " + version));
        },
        r -> r.outcome() != DeleteOutcome.ABSENT);
  }

  /**
   * The operation side of turning a resource to Deleting (the caller changes the row): its put is
   * superseded, a delete operation starts, the audit row says {@code auditDetail}. Returns the
   * delete operation's id.
   */
  public String deleting(Handle h, ClusterRow cluster, String name, Stamp w, String auditDetail) {
    cancel(h, cluster, name, "put", "superseded by a delete", w.now());
    OperationRow op = operation(cluster.id(), name, "delete", w);
    operations.insert(h, op);
    AuditLog.record(h, w.now(), w.actor(), "delete", id(cluster.ref(), name), auditDetail);
    return op.id();
  }

  /**
   * The operation side of a stored write (the caller stored the row): an update supersedes the
   * operation of the change before it, a put operation starts, the audit row says {@code detail}.
   * Returns the put operation's id.
   */
  public String written(
      Handle h, ClusterRow cluster, String name, boolean created, Stamp w, String detail) {
    if (!created) {
      cancel(h, cluster, name, null, SUPERSEDED, w.now());
    }
    OperationRow op = operation(cluster.id(), name, "put", w);
    operations.insert(h, op);
    AuditLog.record(h, w.now(), w.actor(), audit(created), id(cluster.ref(), name), detail);
    return op.id();
  }

  /** Cancels the in-progress operations of {@code action} (null: any) on the resource. */
  private void cancel(
      Handle h, ClusterRow cluster, String name, String action, String why, Instant now) {
    operations.finish(
        h, cluster.id(), kind.type(), name, action, null, OperationRow.CANCELED, why, now);
  }

  /** Why a newer change ends the operation of the one before it. */
  public static final String SUPERSEDED = "superseded by a newer change";

  /** The audit action of a stored write. */
  public static String audit(boolean created) {
    return created ? "create" : "update";
  }

  /** {@link #written} for many updates at once (their rows stored by the caller). */
  public void supersedeAll(Handle h, List<Map.Entry<String, String>> clusterAndName, Instant now) {
    if (!clusterAndName.isEmpty()) {
      operations.finishAll(
          h, kind.type(), clusterAndName, "put", OperationRow.CANCELED, SUPERSEDED, now);
    }
  }

  /** A new in-progress operation of {@code action} ("put" or "delete") at {@code w.version()}. */
  public OperationRow operation(String clusterId, String name, String action, Stamp w) {
    return new OperationRow(
        UUID.randomUUID().toString(),
        clusterId,
        kind.type(),
        name,
        action,
        w.version(),
        OperationRow.IN_PROGRESS,
        null,
        w.now(),
        w.now());
  }

  /** Ends the in-progress operations of {@code action} on the resource at {@code version}. */
  public void finish(
      Handle h,
      String clusterId,
      String name,
      String action,
      long version,
      String status,
      String error,
      Instant now) {
    operations.finish(h, clusterId, kind.type(), name, action, version, status, error, now);
  }

  /** The operation {@code operationId} of the resource (404 when there is none). */
  public OperationRow operation(ClusterRef ref, String name, String operationId) {
    return read(
        ref,
        (h, cluster) ->
            operations
                .find(h, cluster.id(), kind.type(), name, operationId)
                .orElseThrow(() -> ArmErrors.operationNotFound(operationId)));
  }

  /** A write over a resource that is being deleted is refused until the deletion finishes. */
  public ArmException beingDeleted(String name) {
    return new ArmException(
        409,
        "Conflict",
        "The "
            + kind.noun()
            + " '"
            + name
            + "' is being deleted. Wait until the deletion finishes (or delete it with"
            + " forceDelete=true), then create it again.");
  }

  /** Protected settings sealed to this resource: another resource's row cannot open them. */
  public String seal(String clusterId, String name, Object settings) {
    return cipher.encrypt(Json.write(settings), aad(clusterId, name));
  }

  /** The JSON {@link #seal} sealed. */
  public String unseal(String clusterId, String name, String sealed) {
    return cipher.decrypt(sealed, aad(clusterId, name));
  }

  private String aad(String clusterId, String name) {
    return kind.type() + "/" + clusterId + "/" + name;
  }

  /** The resource's ARM id. */
  public String id(ClusterRef ref, String name) {
    return kind.id().apply(ref, name);
  }

  /** Bumps the cluster's state version, which locks its row until the transaction ends. */
  public long bumpStateVersion(Handle h, ClusterRow cluster) {
    return clusters.bumpStateVersion(h, cluster.id());
  }

  /** Locks the cluster's row without changing its state version. */
  public void lock(Handle h, ClusterRow cluster) {
    clusters.lock(h, cluster.id());
  }

  private ClusterRow requireCluster(Handle h, ClusterRef ref) {
    return clusters.findByRef(h, ref).orElseThrow(() -> ArmErrors.clusterNotFound(ref));
  }
}
