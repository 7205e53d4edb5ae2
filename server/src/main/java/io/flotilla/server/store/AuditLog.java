package io.flotilla.server.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** Who did what, when: one row per mutation, written in the mutation's transaction. */
public final class AuditLog {
  private AuditLog() {}

  public static void record(
      Handle h, Instant at, String actor, String action, String resource, String detail) {
    record(h, at, actor, null, null, action, resource, detail);
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
}
