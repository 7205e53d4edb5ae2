package io.flotilla.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/** Who did what, when: one row per mutation, written in the mutation's transaction. */
public final class AuditLog {
  private AuditLog() {}

  public static void record(
      Handle h, Instant at, String actor, String action, String resource, String detail) {
    record(h, at, actor, null, null, action, resource, detail);
  }

  /** One audit entry, for {@link #recordAll}. */
  /** A row to write in a batch ({@link #recordAll}). */
  public record Write(Instant at, String actor, String action, String resource, String detail) {}

  /** Many entries in one batch. */
  public static void recordAll(Handle h, java.util.List<Write> entries) {
    if (entries.isEmpty()) {
      return;
    }
    var b =
        h.prepareBatch(
            "INSERT INTO audit_log (at, actor, action, resource, detail)"
                + " VALUES (:at, :actor, :action, :resource, :detail)");
    for (Write e : entries) {
      b.bind("at", Database.ts(e.at()))
          .bind("actor", e.actor())
          .bind("action", e.action())
          .bind("resource", e.resource())
          .bind("detail", e.detail())
          .add();
    }
    b.execute();
  }

  /** With the principal behind the actor: its object id and kind (Admin, User, Agent). */
  public static void record(
      Handle h,
      Instant at,
      String actor,
      String principalId,
      String principalType,
      String action,
      String resource,
      String detail) {
    h.createUpdate(
            "INSERT INTO audit_log (at, actor, principal_id, principal_type, action, resource,"
                + " detail) VALUES (:at, :actor, :principalId, :principalType, :action, :resource,"
                + " :detail)")
        .bind("at", Database.ts(at))
        .bind("actor", actor)
        .bind("principalId", principalId)
        .bind("principalType", principalType)
        .bind("action", action)
        .bind("resource", resource)
        .bind("detail", detail)
        .execute();
  }

  /** One audit row as read back. */
  public record Entry(
      long id,
      Instant at,
      String actor,
      String principalId,
      String principalType,
      String action,
      String resource,
      String detail) {}

  /**
   * The rows about {@code scope} and everything under it (case-insensitive, on path boundaries),
   * newest first, older than row {@code beforeId} when given; at most {@code limit}.
   */
  public static List<Entry> under(Handle h, String scope, Long beforeId, int limit) {
    String s = scope.toLowerCase(Locale.ROOT);
    String like = s.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%";
    var query =
        h.createQuery(
                "SELECT id, at, actor, principal_id, principal_type, action, resource, detail"
                    + " FROM audit_log WHERE (LOWER(resource) = :scope"
                    + " OR LOWER(resource) LIKE :under ESCAPE '!')"
                    + (beforeId == null ? "" : " AND id < :before")
                    + " ORDER BY id DESC LIMIT :limit")
            .bind("scope", s)
            .bind("under", like)
            .bind("limit", limit);
    if (beforeId != null) {
      query.bind("before", beforeId.longValue());
    }
    return query
        .map(
            (rs, ctx) ->
                new Entry(
                    rs.getLong("id"),
                    ClusterRepository.instant(rs, "at"),
                    rs.getString("actor"),
                    rs.getString("principal_id"),
                    rs.getString("principal_type"),
                    rs.getString("action"),
                    rs.getString("resource"),
                    rs.getString("detail")))
        .list();
  }
}
