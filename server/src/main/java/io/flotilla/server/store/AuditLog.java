package io.flotilla.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/** Who did what, when: one row per mutation, written in the mutation's transaction. */
public final class AuditLog {
  private static final String INSERT =
      "INSERT INTO audit_log (at, actor, principal_id, principal_type, action, resource, detail)"
          + " VALUES (:at, :actor, :principalId, :principalType, :action, :resource, :detail)";

  private AuditLog() {}

  public static void record(
      Handle h, Instant at, String actor, String action, String resource, String detail) {
    record(h, new Write(at, actor, action, resource, detail));
  }

  public static void record(Handle h, Write entry) {
    bind(h.createUpdate(INSERT), entry).execute();
  }

  /**
   * One entry: who ({@code actor}, and the principal behind it: its object id and kind — Admin,
   * User, Agent — or nulls for the service itself) did what to which resource, when.
   */
  public record Write(
      Instant at,
      String actor,
      String principalId,
      String principalType,
      String action,
      String resource,
      String detail) {
    /** An entry with no principal behind the actor. */
    public Write(Instant at, String actor, String action, String resource, String detail) {
      this(at, actor, null, null, action, resource, detail);
    }
  }

  /** Many entries in one batch. */
  public static void recordAll(Handle h, List<Write> entries) {
    Database.batch(h, INSERT, entries, AuditLog::bind);
  }

  private static <T extends SqlStatement<T>> T bind(T statement, Write e) {
    return statement
        .bind("at", Database.ts(e.at()))
        .bind("actor", e.actor())
        .bind("principalId", e.principalId())
        .bind("principalType", e.principalType())
        .bind("action", e.action())
        .bind("resource", e.resource())
        .bind("detail", e.detail());
  }

  /** One audit row as read back: its id (the order of writing) and what was written. */
  public record Entry(long id, Write write) {}

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
                    new Write(
                        Database.instant(rs, "at"),
                        rs.getString("actor"),
                        rs.getString("principal_id"),
                        rs.getString("principal_type"),
                        rs.getString("action"),
                        rs.getString("resource"),
                        rs.getString("detail"))))
        .list();
  }
}
