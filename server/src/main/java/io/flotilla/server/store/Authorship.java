package io.flotilla.server.store;

import io.flotilla.api.arm.SystemData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Who created a resource and who last changed it, when: the columns {@code created_at}, {@code
 * created_by}, {@code modified_at} and {@code modified_by} of every resource's table, which ARM
 * shows as the resource's {@code systemData}.
 */
public record Authorship(
    Instant createdAt, String createdBy, Instant modifiedAt, String modifiedBy) {

  /** A new resource: created, and so last changed, by {@code by} at {@code at}. */
  public static Authorship created(Instant at, String by) {
    return new Authorship(at, by, at, by);
  }

  /** Created as before, last changed by {@code by} at {@code at}. */
  public Authorship modified(Instant at, String by) {
    return new Authorship(createdAt, createdBy, at, by);
  }

  public static Authorship read(ResultSet rs) throws SQLException {
    return new Authorship(
        Database.instant(rs, "created_at"),
        rs.getString("created_by"),
        Database.instant(rs, "modified_at"),
        rs.getString("modified_by"));
  }

  /** The statement parameters of these columns, named as every table's SQL binds them. */
  public Map<String, Object> params() {
    var m = new HashMap<String, Object>();
    m.put("createdAt", Database.ts(createdAt));
    m.put("createdBy", createdBy);
    m.put("modifiedAt", Database.ts(modifiedAt));
    m.put("modifiedBy", modifiedBy);
    return m;
  }

  /** ARM's {@code systemData}: created and last changed by users. */
  public SystemData systemData() {
    return SystemData.byUsers(createdBy, createdAt, modifiedBy, modifiedAt);
  }
}
