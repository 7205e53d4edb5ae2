package io.flotilla.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code extensions}. */
public final class ExtensionRepository extends ChildRepository<ExtensionRow> {
  public ExtensionRepository() {
    super("extensions", "*", ExtensionRepository::map);
  }

  /** Every extension being deleted, on any cluster (there are few at any time). */
  public List<ExtensionRow> deleting(Handle h) {
    return rows.select(h, "WHERE provisioning_state = 'Deleting'", java.util.Map.of()).list();
  }

  public void upsert(Handle h, ExtensionRow r) {
    h.createUpdate(
            "MERGE INTO extensions e USING (VALUES (:c, :n)) AS s(cluster_id, name)"
                + " ON e.cluster_id = s.cluster_id AND e.name = s.name"
                + " WHEN MATCHED THEN UPDATE SET body = :body, protected_settings = :sealed,"
                + " version = :version, provisioning_state = :state, status = :status,"
                + " modified_at = :modifiedAt, modified_by = :modifiedBy"
                + " WHEN NOT MATCHED THEN INSERT (cluster_id, name, body, protected_settings,"
                + " version, provisioning_state, status, created_at, created_by, modified_at,"
                + " modified_by) VALUES (s.cluster_id, s.name, :body, :sealed, :version, :state,"
                + " :status, :createdAt, :createdBy, :modifiedAt, :modifiedBy)")
        .bindMap(r.state().params())
        .bind("c", r.clusterId())
        .bind("n", r.name())
        .bind("body", r.body())
        .bind("sealed", r.sealedProtectedSettings())
        .execute();
  }

  /** Records what the agent made of a version; a newer change in between is left alone. */
  public boolean setState(
      Handle h, String clusterId, String name, long upToVersion, String state, String status) {
    return h.createUpdate(
                "UPDATE extensions SET provisioning_state = :state, status = :status"
                    + " WHERE cluster_id = :c AND name = :n AND version <= :v")
            .bind("state", state)
            .bind("status", status)
            .bind("c", clusterId)
            .bind("n", name)
            .bind("v", upToVersion)
            .execute()
        > 0;
  }

  static ExtensionRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ExtensionRow(
        rs.getString("cluster_id"),
        rs.getString("name"),
        rs.getString("body"),
        rs.getString("protected_settings"),
        ChildState.read(rs));
  }
}
