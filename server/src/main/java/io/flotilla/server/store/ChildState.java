package io.flotilla.server.store;

import io.flotilla.api.arm.ProvisioningState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What every resource under a cluster keeps besides its own fields, in columns of the same names in
 * each of their tables: the cluster state version of its last change (its ETag), its provisioning
 * state, the agent's last status (JSON, may be null), and who created and last changed it, when.
 */
public record ChildState(
    long version, String provisioningState, String status, Authorship authorship) {

  /**
   * A write through the API: a new resource is Creating with {@code initialStatus}; an existing one
   * is Updating and keeps its status and creation.
   */
  public static ChildState written(
      Optional<ChildState> existing, long version, Instant at, String actor, String initialStatus) {
    return existing
        .map(e -> e.changed(version, ProvisioningState.UPDATING, at, actor))
        .orElse(
            new ChildState(
                version, ProvisioningState.CREATING, initialStatus, Authorship.created(at, actor)));
  }

  /** This state at {@code version} in {@code state}, changed by {@code actor} at {@code at}. */
  public ChildState changed(long version, String state, Instant at, String actor) {
    return new ChildState(version, state, status, authorship.modified(at, actor));
  }

  /** What the agent reported: the provisioning state and status it leads to, nothing else. */
  public ChildState reported(String state, String newStatus) {
    return new ChildState(version, state, newStatus, authorship);
  }

  static ChildState read(ResultSet rs) throws SQLException {
    return new ChildState(
        rs.getLong("version"),
        rs.getString("provisioning_state"),
        rs.getString("status"),
        Authorship.read(rs));
  }

  /** The statement parameters of these columns, named as every child table's SQL binds them. */
  Map<String, Object> params() {
    var m = authorship.params();
    m.put("version", version);
    m.put("state", provisioningState);
    m.put("status", status);
    return m;
  }
}
