package io.flotilla.server.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for {@code extensions}. */
public final class ExtensionRepository {
  public Optional<ExtensionRow> find(Handle h, String clusterId, String name) {
    return h.createQuery("SELECT * FROM extensions WHERE cluster_id = :c AND name = :n")
        .bind("c", clusterId)
        .bind("n", name)
        .map(
            (rs, ctx) ->
                new ExtensionRow(
                    rs.getString("cluster_id"),
                    rs.getString("name"),
                    rs.getString("body"),
                    rs.getString("protected_settings"),
                    ClusterRepository.instant(rs, "created_at"),
                    rs.getString("created_by"),
                    ClusterRepository.instant(rs, "modified_at"),
                    rs.getString("modified_by")))
        .findOne();
  }

  public List<ExtensionRow> all(Handle h, String clusterId) {
    return h.createQuery("SELECT * FROM extensions WHERE cluster_id = :c ORDER BY name")
        .bind("c", clusterId)
        .map(
            (rs, ctx) ->
                new ExtensionRow(
                    rs.getString("cluster_id"),
                    rs.getString("name"),
                    rs.getString("body"),
                    rs.getString("protected_settings"),
                    ClusterRepository.instant(rs, "created_at"),
                    rs.getString("created_by"),
                    ClusterRepository.instant(rs, "modified_at"),
                    rs.getString("modified_by")))
        .list();
  }

  public void upsert(Handle h, ExtensionRow r) {
    h.createUpdate(
            "MERGE INTO extensions e USING (VALUES (:c, :n)) AS s(cluster_id, name)"
                + " ON e.cluster_id = s.cluster_id AND e.name = s.name"
                + " WHEN MATCHED THEN UPDATE SET body = :body, protected_settings = :sealed,"
                + " modified_at = :modifiedAt, modified_by = :modifiedBy"
                + " WHEN NOT MATCHED THEN INSERT (cluster_id, name, body, protected_settings,"
                + " created_at, created_by, modified_at, modified_by) VALUES (s.cluster_id,"
                + " s.name, :body, :sealed, :createdAt, :createdBy, :modifiedAt, :modifiedBy)")
        .bind("c", r.clusterId())
        .bind("n", r.name())
        .bind("body", r.body())
        .bind("sealed", r.sealedProtectedSettings())
        .bind("createdAt", Database.ts(r.createdAt()))
        .bind("createdBy", r.createdBy())
        .bind("modifiedAt", Database.ts(r.modifiedAt()))
        .bind("modifiedBy", r.modifiedBy())
        .execute();
  }

  public boolean delete(Handle h, String clusterId, String name) {
    return h.createUpdate("DELETE FROM extensions WHERE cluster_id = :c AND name = :n")
            .bind("c", clusterId)
            .bind("n", name)
            .execute()
        > 0;
  }
}
