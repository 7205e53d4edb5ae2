package io.flotilla.server.auth;

import io.flotilla.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code role_assignments}. */
final class RoleAssignmentStore {
  private static final String COLUMNS =
      "name, scope, role_definition, principal_id, principal_type, description, created_at,"
          + " created_by, updated_at, updated_by";

  /** The assignments of these principals (a user's object id and its groups), at any scope. */
  List<RoleAssignment> forPrincipals(Handle h, Collection<String> principalIds) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM role_assignments WHERE principal_id IN (<ids>)")
        .bindList("ids", List.copyOf(principalIds))
        .map(RoleAssignmentStore::map)
        .list();
  }

  Optional<RoleAssignment> find(Handle h, String name) {
    return h.createQuery("SELECT " + COLUMNS + " FROM role_assignments WHERE name = :name")
        .bind("name", name.toLowerCase(Locale.ROOT))
        .map(RoleAssignmentStore::map)
        .findOne();
  }

  Optional<RoleAssignment> findGrant(
      Handle h, String scope, String roleDefinition, String principalId) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM role_assignments WHERE scope_key = :scope AND role_definition = :role"
                + " AND principal_id = :principal")
        .bind("scope", scope.toLowerCase(Locale.ROOT))
        .bind("role", roleDefinition)
        .bind("principal", principalId)
        .map(RoleAssignmentStore::map)
        .findOne();
  }

  /** Everything at, above or below {@code scope} (a list at a scope shows all three, as ARM's). */
  List<RoleAssignment> related(Handle h, String scope) {
    String key = scope.toLowerCase(Locale.ROOT);
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM role_assignments WHERE scope_key = :key OR scope_key LIKE :below"
                + " ESCAPE '!' OR :key LIKE scope_key || '/%' ORDER BY created_at, name")
        .bind("key", key)
        .bind("below", key.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%")
        .map(RoleAssignmentStore::map)
        .list();
  }

  void insert(Handle h, RoleAssignment a) {
    h.createUpdate(
            "INSERT INTO role_assignments (name, scope, scope_key, role_definition, principal_id,"
                + " principal_type, description, created_at, created_by, updated_at, updated_by)"
                + " VALUES (:name, :scope, :key, :role, :principal, :type, :description, :createdAt,"
                + " :createdBy, :updatedAt, :updatedBy)")
        .bind("name", a.name())
        .bind("scope", a.scope())
        .bind("key", a.scope().toLowerCase(Locale.ROOT))
        .bind("role", a.roleDefinition())
        .bind("principal", a.principalId())
        .bind("type", a.principalType())
        .bind("description", a.description())
        .bind("createdAt", Database.ts(a.createdAt()))
        .bind("createdBy", a.createdBy())
        .bind("updatedAt", Database.ts(a.updatedAt()))
        .bind("updatedBy", a.updatedBy())
        .execute();
  }

  void updateDescription(Handle h, String name, String description, OffsetDateTime at, String by) {
    h.createUpdate(
            "UPDATE role_assignments SET description = :d, updated_at = :at, updated_by = :by"
                + " WHERE name = :name")
        .bind("d", description)
        .bind("at", at)
        .bind("by", by)
        .bind("name", name)
        .execute();
  }

  boolean delete(Handle h, String name) {
    return h.createUpdate("DELETE FROM role_assignments WHERE name = :name")
            .bind("name", name.toLowerCase(Locale.ROOT))
            .execute()
        > 0;
  }

  private static RoleAssignment map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new RoleAssignment(
        rs.getString("name"),
        rs.getString("scope"),
        rs.getString("role_definition"),
        rs.getString("principal_id"),
        rs.getString("principal_type"),
        rs.getString("description"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getString("created_by"),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
        rs.getString("updated_by"));
  }
}
