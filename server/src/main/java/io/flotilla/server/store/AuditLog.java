package io.flotilla.server.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** Who did what, when: one row per mutation, written in the mutation's transaction. */
public final class AuditLog {
  private AuditLog() {}

  public static void record(
      Handle h, Instant at, String actor, String action, String resource, String detail) {
    h.createUpdate(
            "INSERT INTO audit_log (at, actor, action, resource, detail)"
                + " VALUES (:at, :actor, :action, :resource, :detail)")
        .bind("at", Database.ts(at))
        .bind("actor", actor)
        .bind("action", action)
        .bind("resource", resource)
        .bind("detail", detail)
        .execute();
  }
}
