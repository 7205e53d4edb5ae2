package io.flotilla.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code extensions}. */
public final class ExtensionRepository {
  public Optional<ExtensionRow> find(Handle h, String clusterId, String name) {
    return h.createQuery("SELECT * FROM extensions WHERE cluster_id = :c AND name = :n")
        .bind("c", clusterId)
        .bind("n", name)
        .map(ExtensionRepository::map)
        .findOne();
  }

  public List<ExtensionRow> all(Handle h, String clusterId) {
    return h.createQuery("SELECT * FROM extensions WHERE cluster_id = :c ORDER BY name")
        .bind("c", clusterId)
        .map(ExtensionRepository::map)
        .list();
  }

  /** {@link #all} for many clusters in one query, by cluster id (none: no entry). */
  public java.util.Map<String, List<ExtensionRow>> allOf(
      Handle h, java.util.Collection<String> clusterIds) {
    java.util.Map<String, List<ExtensionRow>> out = new java.util.HashMap<>();
    if (!clusterIds.isEmpty()) {
      h.createQuery(
              "SELECT * FROM extensions WHERE cluster_id IN (<ids>) ORDER BY cluster_id, name")
          .bindList("ids", List.copyOf(clusterIds))
          .map(ExtensionRepository::map)
          .forEach(
              r -> out.computeIfAbsent(r.clusterId(), k -> new java.util.ArrayList<>()).add(r));
    }
    return out;
  }

  /** Every extension being deleted, on any cluster (there are few at any time). */
  public List<ExtensionRow> deleting(Handle h) {
    return h.createQuery("SELECT * FROM extensions WHERE provisioning_state = 'Deleting'")
        .map(ExtensionRepository::map)
        .list();
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
        .bind("c", r.clusterId())
        .bind("n", r.name())
        .bind("body", r.body())
        .bind("sealed", r.sealedProtectedSettings())
        .bind("version", r.version())
        .bind("state", r.provisioningState())
        .bind("status", r.status())
        .bind("createdAt", Database.ts(r.createdAt()))
        .bind("createdBy", r.createdBy())
        .bind("modifiedAt", Database.ts(r.modifiedAt()))
        .bind("modifiedBy", r.modifiedBy())
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

  public boolean delete(Handle h, String clusterId, String name) {
    return h.createUpdate("DELETE FROM extensions WHERE cluster_id = :c AND name = :n")
            .bind("c", clusterId)
            .bind("n", name)
            .execute()
        > 0;
  }

  static ExtensionRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ExtensionRow(
        rs.getString("cluster_id"),
        rs.getString("name"),
        rs.getString("body"),
        rs.getString("protected_settings"),
        rs.getLong("version"),
        rs.getString("provisioning_state"),
        rs.getString("status"),
        ClusterRepository.instant(rs, "created_at"),
        rs.getString("created_by"),
        ClusterRepository.instant(rs, "modified_at"),
        rs.getString("modified_by"));
  }
}
