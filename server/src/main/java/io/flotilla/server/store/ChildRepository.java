package io.flotilla.server.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * SQL shared by the tables of resources under a cluster (keyed by cluster id and name): find one,
 * delete one, read many clusters' rows in one query.
 */
public abstract class ChildRepository<R extends ChildRow> {
  final Table<R> rows;

  ChildRepository(String table, String columns, RowMapper<R> mapper) {
    this.rows = new Table<>(table, columns, mapper);
  }

  public final Optional<R> find(Handle h, String clusterId, String name) {
    return rows.select(h, "WHERE cluster_id = :c AND name = :n", Map.of("c", clusterId, "n", name))
        .findOne();
  }

  /** Every row of the cluster, in name order. */
  public final List<R> all(Handle h, String clusterId) {
    return rows.select(h, "WHERE cluster_id = :c ORDER BY name", Map.of("c", clusterId)).list();
  }

  /** The rows of many clusters in one query, in name order by cluster id (none: no entry). */
  public final Map<String, List<R>> allOf(Handle h, Collection<String> clusterIds) {
    if (clusterIds.isEmpty()) {
      return new HashMap<>();
    }
    return byCluster(
        rows.query(h, "WHERE cluster_id IN (<ids>) ORDER BY cluster_id, name")
            .bindList("ids", Database.inList(clusterIds))
            .map(rows.mapper()),
        R::clusterId,
        r -> r);
  }

  public final boolean delete(Handle h, String clusterId, String name) {
    return h.createUpdate("DELETE FROM " + rows.name() + " WHERE cluster_id = :c AND name = :n")
            .bind("c", clusterId)
            .bind("n", name)
            .execute()
        > 0;
  }

  /**
   * Deletes the row if it is still at {@code version}; false if it was changed or deleted and
   * created again meanwhile (that row is someone's newer write and stays).
   */
  public final boolean deleteAt(Handle h, String clusterId, String name, long version) {
    return h.createUpdate(
                "DELETE FROM "
                    + rows.name()
                    + " WHERE cluster_id = :c AND name = :n AND version = :v")
            .bind("c", clusterId)
            .bind("n", name)
            .bind("v", version)
            .execute()
        > 0;
  }

  /** What rows say, grouped by their cluster id, in the order read. */
  static <T, V> Map<String, List<V>> byCluster(
      Iterable<T> rows, Function<T, String> clusterId, Function<T, V> value) {
    Map<String, List<V>> out = new HashMap<>();
    for (T row : rows) {
      out.computeIfAbsent(clusterId.apply(row), k -> new ArrayList<>()).add(value.apply(row));
    }
    return out;
  }
}
