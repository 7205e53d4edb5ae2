package io.flotilla.server.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for {@code flux_configuration_deletions}: the deletes the service recorded, per cluster. */
public final class DeletionRepository {

  /** A recorded delete: the configuration's name and when it went. */
  public record Deletion(String name, Instant deletedAt) {}

  public void record(Handle h, String clusterId, String name, Instant at) {
    h.createUpdate("DELETE FROM flux_configuration_deletions WHERE cluster_id = :c AND name = :n")
        .bind("c", clusterId)
        .bind("n", name)
        .execute();
    h.createUpdate(
            "INSERT INTO flux_configuration_deletions (cluster_id, name, deleted_at)"
                + " VALUES (:c, :n, :at)")
        .bind("c", clusterId)
        .bind("n", name)
        .bind("at", Database.ts(at))
        .execute();
  }

  /** The cluster's recorded deletes of names that no configuration has taken again since. */
  public List<Deletion> all(Handle h, String clusterId) {
    return allOf(h, List.of(clusterId)).getOrDefault(clusterId, List.of());
  }

  /** {@link #all} for many clusters in one query, by cluster id (none: no entry). */
  public java.util.Map<String, List<Deletion>> allOf(
      Handle h, java.util.Collection<String> clusterIds) {
    if (clusterIds.isEmpty()) {
      return new java.util.HashMap<>();
    }
    return ChildRepository.byCluster(
        h.createQuery(
                "SELECT d.cluster_id, d.name, d.deleted_at FROM flux_configuration_deletions d"
                    + " WHERE d.cluster_id IN (<ids>) AND NOT EXISTS (SELECT 1 FROM"
                    + " flux_configurations f WHERE f.cluster_id = d.cluster_id AND f.name ="
                    + " d.name) ORDER BY d.cluster_id, d.name")
            .bindList("ids", Database.inList(clusterIds))
            .map(
                (rs, ctx) ->
                    java.util.Map.entry(
                        rs.getString(1),
                        new Deletion(rs.getString(2), Database.instant(rs, "deleted_at")))),
        java.util.Map.Entry::getKey,
        java.util.Map.Entry::getValue);
  }

  /** Forgets deletes recorded before {@code before}; returns how many. */
  public int prune(Handle h, Instant before) {
    return h.createUpdate("DELETE FROM flux_configuration_deletions WHERE deleted_at < :before")
        .bind("before", Database.ts(before))
        .execute();
  }
}
