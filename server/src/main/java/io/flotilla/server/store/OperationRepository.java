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
    Database.batch(h, INSERT, ops, OperationRepository::bind);
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
    finishAll(
        h,
        type,
        action,
        false,
        resources.stream()
            .map(r -> new Finish(r.getKey(), r.getValue(), null, status, error, at))
            .toList());
  }

  /**
   * The end of a resource's in-progress operations: those whose version is at most {@code
   * upToVersion} (any version when null) take {@code status} and {@code error} at {@code at}.
   */
  public record Finish(
      String clusterId, String name, Long upToVersion, String status, String error, Instant at) {}

  /** {@link #finish} with an action and a version for many resources of one type, in one batch. */
  public void finishAllUpTo(Handle h, String type, String action, List<Finish> all) {
    finishAll(h, type, action, true, all);
  }

  /**
   * Finishes the in-progress operations of one resource: those of {@code action} (or any action
   * when null) whose version is at most {@code upToVersion} (or any version when null).
   */
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
    var f = new Finish(clusterId, name, upToVersion, status, error, at);
    return bind(h.createUpdate(finishSql(action, upToVersion != null)), type, action, f).execute();
  }

  private static void finishAll(
      Handle h, String type, String action, boolean upTo, List<Finish> all) {
    Database.batch(h, finishSql(action, upTo), all, (b, f) -> bind(b, type, action, f));
  }

  private static String finishSql(String action, boolean upTo) {
    return "UPDATE operations SET status = :status, error = :error, updated_at = :at"
        + " WHERE cluster_id = :c AND resource_type = :t AND resource_name = :n"
        + " AND status = 'InProgress'"
        + (action == null ? "" : " AND action = :action")
        + (upTo ? " AND version <= :version" : "");
  }

  private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(
      T statement, String type, String action, Finish f) {
    statement
        .bind("status", f.status())
        .bind("error", f.error())
        .bind("at", Database.ts(f.at()))
        .bind("c", f.clusterId())
        .bind("t", type)
        .bind("n", f.name());
    if (action != null) {
      statement.bind("action", action);
    }
    if (f.upToVersion() != null) {
      statement.bind("version", f.upToVersion().longValue());
    }
    return statement;
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
                    Database.instant(rs, "created_at"),
                    Database.instant(rs, "updated_at")))
        .findOne();
  }
}
