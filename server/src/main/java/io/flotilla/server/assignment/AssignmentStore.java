package io.flotilla.server.assignment;

import io.flotilla.server.http.Json;
import io.flotilla.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code flux_configuration_assignments}. */
final class AssignmentStore {
  private static final String COLUMNS =
      "resource_id, subscription_id, resource_group, name, body, protected_settings, revision,"
          + " created_at, created_by, modified_at, modified_by";

  Optional<AssignmentRow> find(Handle h, AssignmentScope scope, String name) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM flux_configuration_assignments WHERE resource_key = :k")
        .bind("k", scope.key(name))
        .map(AssignmentStore::map)
        .findOne();
  }

  /** Every assignment of a subscription, at any scope in it. */
  List<AssignmentRow> inSubscription(Handle h, String subscription) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM flux_configuration_assignments WHERE subscription_id = :s ORDER BY"
                + " resource_key")
        .bind("s", subscription.toLowerCase(Locale.ROOT))
        .map(AssignmentStore::map)
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
    return h.createQuery("SELECT " + COLUMNS + " FROM flux_configuration_assignments")
        .map(AssignmentStore::map)
        .list();
  }

  void upsert(Handle h, AssignmentRow r, boolean insert) {
    String sql =
        insert
            ? "INSERT INTO flux_configuration_assignments (resource_key, resource_id,"
                + " subscription_id, resource_group, name, configuration_name, body,"
                + " protected_settings, revision, created_at, created_by, modified_at,"
                + " modified_by) VALUES (:k, :id, :sub, :rg, :name, :cn, :body, :sealed, :rev,"
                + " :createdAt, :createdBy, :modifiedAt, :modifiedBy)"
            : "UPDATE flux_configuration_assignments SET configuration_name = :cn, body = :body,"
                + " protected_settings = :sealed, revision = :rev, modified_at = :modifiedAt,"
                + " modified_by = :modifiedBy WHERE resource_key = :k";
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
        .bind("createdAt", Database.ts(r.createdAt()))
        .bind("createdBy", r.createdBy())
        .bind("modifiedAt", Database.ts(r.modifiedAt()))
        .bind("modifiedBy", r.modifiedBy())
        .execute();
  }

  boolean delete(Handle h, String key) {
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
    AssignmentSpec spec =
        new AssignmentSpec(
            p.configurationName(),
            p.clusterTypes(),
            p.clusterSelector() == null || p.clusterSelector().matchTags() == null
                ? java.util.Map.of()
                : p.clusterSelector().matchTags(),
            AssignmentSpec.DriftPolicy.valueOf(p.driftPolicy()),
            Boolean.TRUE.equals(p.clusterTagSubstitutions()),
            p.template());
    return new AssignmentRow(
        id,
        scope,
        rs.getString("name"),
        spec,
        rs.getString("protected_settings"),
        rs.getLong("revision"),
        instant(rs, "created_at"),
        rs.getString("created_by"),
        instant(rs, "modified_at"),
        rs.getString("modified_by"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
