package io.flotilla.server.rollout;

import io.flotilla.server.http.Json;
import io.flotilla.server.store.Authorship;
import io.flotilla.server.store.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code flux_configuration_rollouts}. */
final class RolloutStore {
  private static final Table<RolloutRow> ROWS =
      new Table<>(
          "flux_configuration_rollouts",
          "resource_key, resource_id, name, body, status, created_at, created_by, modified_at,"
              + " modified_by",
          RolloutStore::map);

  Optional<RolloutRow> find(Handle h, String key) {
    return one(h, key, "");
  }

  /** The row, locked until the transaction ends: the engine and the user's actions take turns. */
  Optional<RolloutRow> lock(Handle h, String key) {
    return one(h, key, " FOR UPDATE");
  }

  private static Optional<RolloutRow> one(Handle h, String key, String suffix) {
    return ROWS.select(h, "WHERE resource_key = :k" + suffix, Map.of("k", key)).findOne();
  }

  List<RolloutRow> ofAssignment(Handle h, String assignmentKey) {
    return ROWS.select(
            h,
            "WHERE assignment_key = :a ORDER BY created_at, resource_key",
            Map.of("a", assignmentKey))
        .list();
  }

  /** The rollouts whose key starts with {@code prefix} (one scope's configuration rollouts). */
  List<RolloutRow> withKeyPrefix(Handle h, String prefix) {
    return ROWS
        .select(
            h,
            "WHERE resource_key LIKE :p ORDER BY created_at, resource_key",
            Map.of("p", prefix + "%"))
        .list()
        .stream()
        .filter(r -> r.key().startsWith(prefix)) // '_' in a LIKE pattern matches any character
        .toList();
  }

  /** The keys of the rollouts the engine works on. */
  List<String> running(Handle h) {
    return h.createQuery("SELECT resource_key FROM flux_configuration_rollouts WHERE state = :s")
        .bind("s", RolloutProgress.State.Running.name())
        .mapTo(String.class)
        .list();
  }

  void insert(Handle h, RolloutRow r) {
    h.createUpdate(
            "INSERT INTO flux_configuration_rollouts (resource_key, resource_id, assignment_key,"
                + " name, body, status, state, created_at, created_by, modified_at, modified_by)"
                + " VALUES (:k, :id, :a, :name, :body, :status, :state, :createdAt, :createdBy,"
                + " :modifiedAt, :modifiedBy)")
        .bind("k", r.key())
        .bind("id", r.resourceId())
        .bind("a", r.plan().assignmentKey())
        .bind("name", r.name())
        .bind("body", Json.write(r.plan()))
        .bind("status", Json.write(r.progress()))
        .bind("state", r.progress().state().name())
        .bindMap(r.authorship().params())
        .execute();
  }

  void update(Handle h, RolloutRow r) {
    h.createUpdate(
            "UPDATE flux_configuration_rollouts SET status = :status, state = :state,"
                + " modified_at = :modifiedAt, modified_by = :modifiedBy WHERE resource_key = :k")
        .bind("k", r.key())
        .bind("status", Json.write(r.progress()))
        .bind("state", r.progress().state().name())
        .bindMap(r.authorship().params())
        .execute();
  }

  private static RolloutRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new RolloutRow(
        rs.getString("resource_key"),
        rs.getString("resource_id"),
        rs.getString("name"),
        Json.read(rs.getString("body"), RolloutPlan.class),
        Json.read(rs.getString("status"), RolloutProgress.class),
        Authorship.read(rs));
  }
}
