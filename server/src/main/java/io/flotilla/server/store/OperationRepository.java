package io.flotilla.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for {@code operations}. */
public final class OperationRepository {
  private static final String INSERT =
      "INSERT INTO operations (id, cluster_id, resource_type, resource_name, action,"
          + " version, status, error, created_at, updated_at) VALUES (:id, :clusterId,"
          + " :type, :name, :action, :version, :status, :error, :createdAt, :updatedAt)";

  public void insert(Handle h, OperationRow op) {
    insertAll(h, List.of(op));
  }

  /** Inserts many operations in one batch. */
  public void insertAll(Handle h, List<OperationRow> ops) {
    if (ops.isEmpty()) {
      return;
    }
    var b = h.prepareBatch(INSERT);
    for (OperationRow op : ops) {
      bind(b, op).add();
    }
    b.execute();
  }

  private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(
      T statement, OperationRow op) {
    return statement
        .bind("id", op.id())
        .bind("clusterId", op.clusterId())
        .bind("type", op.resourceType())
        .bind("name", op.resourceName())
        .bind("action", op.action())
        .bind("version", op.version())
        .bind("status", op.status())
        .bind("error", op.error())
        .bind("createdAt", Database.ts(op.createdAt()))
        .bind("updatedAt", Database.ts(op.updatedAt()));
  }

  /**
   * Finishes, in one batch, the in-progress {@code action} operations of configurations {@code
   * names} (cluster id, resource name pairs) of one type.
   */
  public void finishAll(
      Handle h,
      String type,
      List<java.util.Map.Entry<String, String>> resources,
      String action,
      String status,
      String error,
      Instant at) {
    if (resources.isEmpty()) {
      return;
    }
    var b =
        h.prepareBatch(
            "UPDATE operations SET status = :status, error = :error, updated_at = :at"
                + " WHERE cluster_id = :c AND resource_type = :t AND resource_name = :n"
                + " AND status = 'InProgress' AND action = :action");
    for (var r : resources) {
      b.bind("status", status)
          .bind("error", error)
          .bind("at", Database.ts(at))
          .bind("c", r.getKey())
          .bind("t", type)
          .bind("n", r.getValue())
          .bind("action", action)
          .add();
    }
    b.execute();
  }

  public Optional<OperationRow> find(
      Handle h, String clusterId, String type, String name, String id) {
    return h.createQuery(
            "SELECT * FROM operations WHERE id = :id AND cluster_id = :c"
                + " AND resource_type = :t AND resource_name = :n")
        .bind("id", id)
        .bind("c", clusterId)
        .bind("t", type)
        .bind("n", name)
        .map(
            (rs, ctx) ->
                new OperationRow(
                    rs.getString("id"),
                    rs.getString("cluster_id"),
                    rs.getString("resource_type"),
                    rs.getString("resource_name"),
                    rs.getString("action"),
                    (Long) rs.getObject("version", Long.class),
                    rs.getString("status"),
                    rs.getString("error"),
                    ClusterRepository.instant(rs, "created_at"),
                    ClusterRepository.instant(rs, "updated_at")))
        .findOne();
  }

  /**
   * Finishes the in-progress operations of one resource: those of {@code action} (or any action
   * when null) whose version is at most {@code upToVersion} (or any version when null).
   */
  /** One {@link #finish} of {@link #finishAllUpTo}: an operation of a resource and its end. */
  public record Finish(
      String clusterId, String name, long upToVersion, String status, String error, Instant at) {}

  /** {@link #finish} with an action and a version for many resources of one type, in one batch. */
  public void finishAllUpTo(Handle h, String type, String action, List<Finish> all) {
    if (all.isEmpty()) {
      return;
    }
    var b =
        h.prepareBatch(
            "UPDATE operations SET status = :status, error = :error, updated_at = :at"
                + " WHERE cluster_id = :c AND resource_type = :t AND resource_name = :n"
                + " AND status = 'InProgress' AND action = :action AND version <= :version");
    for (Finish f : all) {
      b.bind("status", f.status())
          .bind("error", f.error())
          .bind("at", Database.ts(f.at()))
          .bind("c", f.clusterId())
          .bind("t", type)
          .bind("n", f.name())
          .bind("action", action)
          .bind("version", f.upToVersion())
          .add();
    }
    b.execute();
  }

  public int finish(
      Handle h,
      String clusterId,
      String type,
      String name,
      String action,
      Long upToVersion,
      String status,
      String error,
      Instant at) {
    String sql =
        "UPDATE operations SET status = :status, error = :error, updated_at = :at"
            + " WHERE cluster_id = :c AND resource_type = :t AND resource_name = :n"
            + " AND status = 'InProgress'"
            + (action == null ? "" : " AND action = :action")
            + (upToVersion == null ? "" : " AND version <= :version");
    var u =
        h.createUpdate(sql)
            .bind("status", status)
            .bind("error", error)
            .bind("at", Database.ts(at))
            .bind("c", clusterId)
            .bind("t", type)
            .bind("n", name);
    if (action != null) {
      u.bind("action", action);
    }
    if (upToVersion != null) {
      u.bind("version", upToVersion);
    }
    return u.execute();
  }
}
