package io.flotilla.server.assignment;

import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.Authorship;
import io.flotilla.server.store.Database;
import io.flotilla.server.store.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code flux_configuration_assignments}. */
final class AssignmentStore {
  private static final Table<AssignmentRow> ROWS =
      new Table<>(
          "flux_configuration_assignments",
          "resource_id, subscription_id, resource_group, name, body, protected_settings, revision,"
              + " released_revision, created_at, created_by, modified_at, modified_by",
          AssignmentStore::map);

  Optional<AssignmentRow> find(Handle h, AssignmentScope scope, String name) {
    return findByKey(h, scope.key(name));
  }

  /** The assignment, or a 404 naming it and its scope. */
  AssignmentRow require(Handle h, AssignmentScope scope, String name) {
    return find(h, scope, name)
        .orElseThrow(
            () ->
                new ArmException(
                    404,
                    "ResourceNotFound",
                    "The flux configuration assignment '"
                        + name
                        + "' was not found at scope '"
                        + scope.resourceId(name).replaceAll("/providers/.*$", "")
                        + "'."));
  }

  Optional<AssignmentRow> findByKey(Handle h, String key) {
    return ROWS.select(h, "WHERE resource_key = :k", Map.of("k", key)).findOne();
  }

  /** Every assignment of a subscription, at any scope in it. */
  List<AssignmentRow> inSubscription(Handle h, String subscription) {
    return ROWS.select(
            h,
            "WHERE subscription_id = :s ORDER BY resource_key",
            Map.of("s", subscription.toLowerCase(Locale.ROOT)))
        .list();
  }

  /** The assignments at exactly this scope (a subscription's own, or one resource group's). */
  List<AssignmentRow> atScope(Handle h, AssignmentScope scope) {
    return inSubscription(h, scope.subscription()).stream()
        .filter(
            a ->
                scope.resourceGroup() == null
                    ? a.scope().resourceGroup() == null
                    : scope.resourceGroup().equalsIgnoreCase(a.scope().resourceGroup()))
        .toList();
  }

  List<AssignmentRow> all(Handle h) {
    return ROWS.select(h, "", Map.of()).list();
  }

  void upsert(Handle h, AssignmentRow r, boolean insert) {
    String sql =
        insert
            ? "INSERT INTO flux_configuration_assignments (resource_key, resource_id,"
                + " subscription_id, resource_group, name, configuration_name, body,"
                + " protected_settings, revision, released_revision, created_at, created_by,"
                + " modified_at, modified_by) VALUES (:k, :id, :sub, :rg, :name, :cn, :body,"
                + " :sealed, :rev, :released, :createdAt, :createdBy, :modifiedAt, :modifiedBy)"
            : "UPDATE flux_configuration_assignments SET configuration_name = :cn, body = :body,"
                + " protected_settings = :sealed, revision = :rev, released_revision = :released,"
                + " modified_at = :modifiedAt, modified_by = :modifiedBy WHERE resource_key = :k";
    h.createUpdate(sql)
        .bind("k", r.key())
        .bind("id", r.resourceId())
        // lowercased: ARM ids match case-insensitively, and this is what lookups filter on
        .bind("sub", r.scope().subscription().toLowerCase(Locale.ROOT))
        .bind("rg", r.scope().resourceGroup())
        .bind("name", r.name())
        .bind("cn", r.spec().configurationName())
        .bind("body", Json.write(r.spec().properties()))
        .bind("sealed", r.sealedSecrets())
        .bind("rev", r.revision())
        .bind("released", r.releasedRevision())
        .bindMap(r.authorship().params())
        .execute();
    h.createUpdate(
            "INSERT INTO flux_configuration_assignment_revisions (assignment_key, revision, body,"
                + " protected_settings, created_at) VALUES (:k, :rev, :body, :sealed, :at)")
        .bind("k", r.key())
        .bind("rev", r.revision())
        .bind("body", Json.write(r.spec().properties()))
        .bind("sealed", r.sealedSecrets())
        .bind("at", Database.ts(r.authorship().modifiedAt()))
        .execute();
  }

  /** The spec as it was at {@code revision}. */
  Optional<AssignmentSpec> specAt(Handle h, String key, long revision) {
    return h.createQuery(
            "SELECT body FROM flux_configuration_assignment_revisions"
                + " WHERE assignment_key = :k AND revision = :r")
        .bind("k", key)
        .bind("r", revision)
        .mapTo(String.class)
        .findOne()
        .map(body -> spec(Json.read(body, AssignmentProperties.class)));
  }

  /**
   * The sealed protected settings of each of these revisions (a revision without any is absent):
   * they belong to the revision, so a cluster gets the settings of the revision it is pinned to.
   */
  Map<Long, String> sealedAt(Handle h, String key, Collection<Long> revisions) {
    Map<Long, String> out = new HashMap<>();
    if (revisions.isEmpty()) {
      return out;
    }
    h.createQuery(
            "SELECT revision, protected_settings FROM flux_configuration_assignment_revisions"
                + " WHERE assignment_key = :k AND revision IN (<r>)"
                + " AND protected_settings IS NOT NULL")
        .bind("k", key)
        .bindList("r", List.copyOf(revisions))
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Every cluster a rollout pinned to a revision, with that revision. */
  Map<String, Long> pins(Handle h, String key) {
    Map<String, Long> out = new HashMap<>();
    h.createQuery(
            "SELECT cluster_id, revision FROM flux_configuration_assignment_pins"
                + " WHERE assignment_key = :k")
        .bind("k", key)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  void pin(Handle h, String key, Collection<String> clusterIds, long revision) {
    unpin(h, key, clusterIds);
    Database.batch(
        h,
        "INSERT INTO flux_configuration_assignment_pins (assignment_key, cluster_id, revision)"
            + " VALUES (:k, :c, :r)",
        clusterIds,
        (b, c) -> b.bind("k", key).bind("c", c).bind("r", revision));
  }

  void unpin(Handle h, String key, Collection<String> clusterIds) {
    if (clusterIds.isEmpty()) {
      return;
    }
    h.createUpdate(
            "DELETE FROM flux_configuration_assignment_pins"
                + " WHERE assignment_key = :k AND cluster_id IN (<ids>)")
        .bind("k", key)
        .bindList("ids", List.copyOf(clusterIds))
        .execute();
  }

  /** Every cluster gets {@code revision} from now on; the pins are done with. */
  void release(Handle h, String key, long revision) {
    h.createUpdate(
            "UPDATE flux_configuration_assignments SET released_revision = :r"
                + " WHERE resource_key = :k")
        .bind("k", key)
        .bind("r", revision)
        .execute();
    h.createUpdate("DELETE FROM flux_configuration_assignment_pins WHERE assignment_key = :k")
        .bind("k", key)
        .execute();
  }

  boolean delete(Handle h, String key) {
    for (String table :
        List.of(
            "flux_configuration_assignment_revisions",
            "flux_configuration_assignment_pins",
            "flux_configuration_rollouts")) {
      h.createUpdate("DELETE FROM " + table + " WHERE assignment_key = :k")
          .bind("k", key)
          .execute();
    }
    return h.createUpdate("DELETE FROM flux_configuration_assignments WHERE resource_key = :k")
            .bind("k", key)
            .execute()
        > 0;
  }

  private static AssignmentRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    AssignmentProperties p = Json.read(rs.getString("body"), AssignmentProperties.class);
    String id = rs.getString("resource_id");
    // the subscription as the caller wrote it, from the id (the column is lowercased)
    String sub = id.split("/")[2];
    AssignmentScope scope = new AssignmentScope(sub, rs.getString("resource_group"));
    return new AssignmentRow(
        id,
        scope,
        rs.getString("name"),
        spec(p),
        rs.getString("protected_settings"),
        rs.getLong("revision"),
        rs.getLong("released_revision"),
        Authorship.read(rs));
  }

  private static AssignmentSpec spec(AssignmentProperties p) {
    return new AssignmentSpec(
        p.configurationName(),
        p.clusterTypes(),
        p.clusterSelector() == null || p.clusterSelector().matchTags() == null
            ? Map.of()
            : p.clusterSelector().matchTags(),
        AssignmentSpec.DriftPolicy.valueOf(p.driftPolicy()),
        Boolean.TRUE.equals(p.clusterTagSubstitutions()),
        p.rolloutMode() == null
            ? AssignmentSpec.RolloutMode.Immediate
            : AssignmentSpec.RolloutMode.valueOf(p.rolloutMode()),
        p.template());
  }
}
