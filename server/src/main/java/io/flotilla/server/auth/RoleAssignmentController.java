package io.flotilla.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.RequestBodies;
import io.flotilla.server.store.AuditLog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * HTTP for {@code Microsoft.Authorization/roleAssignments} (PUT, GET, DELETE, list) and the
 * built-in {@code roleDefinitions} (GET, list), at a subscription, resource group or cluster scope.
 */
final class RoleAssignmentController {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String PROVIDER = "/providers/Microsoft.Authorization/";
  private static final List<String> SCOPES =
      List.of(
          "/subscriptions/{sub}",
          "/subscriptions/{sub}/resourceGroups/{rg}",
          "/subscriptions/{sub}/resourceGroups/{rg}/providers/{rp}/{type}/{cluster}");
  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern ROLE_DEFINITION_ID =
      Pattern.compile(
          "^(/subscriptions/[^/]+)?/providers/Microsoft\\.Authorization/roleDefinitions/([^/]+)$",
          Pattern.CASE_INSENSITIVE);
  private static final Set<String> PROPERTIES =
      Set.of(
          "roleDefinitionId",
          "principalId",
          "principalType",
          "description",
          "condition",
          "conditionVersion",
          "delegatedManagedIdentityResourceId");
  private static final Set<String> PRINCIPAL_TYPES = Set.of("User", "Group", "ServicePrincipal");

  private final Jdbi jdbi;
  private final Clock clock;
  private final RoleAssignmentStore store = new RoleAssignmentStore();

  RoleAssignmentController(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  void routes(Javalin app) {
    for (String scope : SCOPES) {
      String assignments = scope + PROVIDER + "roleAssignments";
      app.get(assignments, this::list);
      app.get(assignments + "/{name}", this::get);
      app.put(assignments + "/{name}", this::put);
      app.delete(assignments + "/{name}", this::delete);
      String definitions = scope + PROVIDER + "roleDefinitions";
      app.get(definitions, this::listDefinitions);
      app.get(definitions + "/{name}", this::getDefinition);
    }
  }

  /**
   * The scope part of the request path: everything before {@code
   * /providers/Microsoft.Authorization}.
   */
  static String scopeOf(Context ctx) {
    String path = ctx.path();
    int at = path.toLowerCase(Locale.ROOT).lastIndexOf(PROVIDER.toLowerCase(Locale.ROOT));
    return path.substring(0, at);
  }

  void put(Context ctx) {
    String name = ctx.pathParam("name");
    if (!GUID.matcher(name).matches()) {
      throw ArmException.badRequest(
          "InvalidRoleAssignmentId",
          "The role assignment ID '"
              + name
              + "' is not valid. The role assignment ID must be a GUID.",
          null);
    }
    String scope = scopeOf(ctx);
    ObjectNode body = RequestBodies.object(ctx, Set.of("id", "name", "type", "properties"));
    JsonNode props = body.get("properties");
    if (props == null || !props.isObject()) {
      throw ArmException.invalidProperty(
          "properties",
          "A role assignment is {\"properties\":{\"roleDefinitionId\":…,\"principalId\":…}}.");
    }
    props
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!PROPERTIES.contains(f)) {
                throw ArmException.invalidProperty(
                    "properties." + f,
                    "The property '" + f + "' is not a role assignment property.");
              }
            });
    if (props.hasNonNull("condition")) {
      throw ArmException.invalidProperty(
          "properties.condition", "Conditions on role assignments are not supported here.");
    }
    RoleDefinition role = roleOf(text(props, "roleDefinitionId"));
    String principalId = text(props, "principalId");
    String principalType = props.path("principalType").asText("User");
    if (!PRINCIPAL_TYPES.contains(principalType)) {
      throw ArmException.invalidProperty(
          "properties.principalType",
          "The principalType '"
              + principalType
              + "' is invalid; use User, Group or ServicePrincipal.");
    }
    String description = props.hasNonNull("description") ? props.get("description").asText() : null;
    Principal caller = Principal.of(ctx);
    String by = createdBy(caller);
    Instant now = clock.instant();
    String key = name.toLowerCase(Locale.ROOT);
    var result =
        jdbi.inTransaction(
            h -> {
              var existing = store.find(h, key);
              if (existing.isPresent()) {
                RoleAssignment e = existing.get();
                if (!e.scope().equalsIgnoreCase(scope)
                    || !e.roleDefinition().equals(role.name())
                    || !e.principalId().equals(principalId)) {
                  throw ArmException.badRequest(
                      "RoleAssignmentUpdateNotPermitted",
                      "Tenant ID, application ID, principal ID, and scope are not allowed to be"
                          + " updated.",
                      null);
                }
                store.updateDescription(
                    h, key, description, io.flotilla.server.store.Database.ts(now), by);
                return new Object[] {store.find(h, key).orElseThrow(), false};
              }
              if (store.findGrant(h, scope, role.name(), principalId).isPresent()) {
                throw new ArmException(
                    409, "RoleAssignmentExists", "The role assignment already exists.");
              }
              RoleAssignment created =
                  new RoleAssignment(
                      key,
                      scope,
                      role.name(),
                      principalId,
                      principalType,
                      description,
                      now,
                      by,
                      now,
                      by);
              store.insert(h, created);
              AuditLog.record(
                  h,
                  audit(
                      caller,
                      now,
                      "create",
                      created.id(),
                      role.roleName() + " to " + principalType + " " + principalId));
              return new Object[] {created, true};
            });
    RoleAssignment saved = (RoleAssignment) result[0];
    ctx.status((Boolean) result[1] ? 201 : 200).json(render(saved, ctx.pathParam("sub")));
  }

  void get(Context ctx) {
    String scope = scopeOf(ctx);
    var found =
        jdbi.withHandle(h -> store.find(h, ctx.pathParam("name")))
            .filter(a -> a.scope().equalsIgnoreCase(scope));
    if (found.isEmpty()) {
      throw notFound(ctx.pathParam("name"));
    }
    ctx.json(render(found.get(), ctx.pathParam("sub")));
  }

  void delete(Context ctx) {
    String scope = scopeOf(ctx);
    Principal caller = Principal.of(ctx);
    var deleted =
        jdbi.inTransaction(
            h -> {
              var found =
                  store
                      .find(h, ctx.pathParam("name"))
                      .filter(a -> a.scope().equalsIgnoreCase(scope));
              if (found.isPresent()) {
                store.delete(h, found.get().name());
                AuditLog.record(
                    h, audit(caller, clock.instant(), "delete", found.get().id(), null));
              }
              return found;
            });
    if (deleted.isEmpty()) {
      ctx.status(204);
      return;
    }
    ctx.json(render(deleted.get(), ctx.pathParam("sub")));
  }

  private static final Pattern PRINCIPAL_FILTER =
      Pattern.compile("(?:principalId\\s+eq\\s+|assignedTo\\()'([^']*)'", Pattern.CASE_INSENSITIVE);

  void list(Context ctx) {
    String scope = scopeOf(ctx);
    String filter = ctx.queryParam("$filter");
    boolean atScope = filter != null && filter.toLowerCase(Locale.ROOT).contains("atscope()");
    Matcher principal = PRINCIPAL_FILTER.matcher(filter == null ? "" : filter);
    String principalId = principal.find() ? principal.group(1) : null;
    ArrayNode value = F.arrayNode();
    for (RoleAssignment a : jdbi.withHandle(h -> store.related(h, scope))) {
      if (atScope && !RequestAction.covers(a.scope(), scope)) {
        continue; // atScope(): at the scope or above, not below
      }
      if (principalId != null && !a.principalId().equals(principalId)) {
        continue;
      }
      value.add(render(a, ctx.pathParam("sub")));
    }
    ObjectNode out = F.objectNode();
    out.set("value", value);
    ctx.json(out);
  }

  void listDefinitions(Context ctx) {
    String filter = ctx.queryParam("$filter");
    Matcher m =
        Pattern.compile("roleName\\s+eq\\s+'([^']*)'", Pattern.CASE_INSENSITIVE)
            .matcher(filter == null ? "" : filter);
    String roleName = m.find() ? m.group(1) : null;
    ArrayNode value = F.arrayNode();
    for (RoleDefinition r : BuiltInRoles.ALL) {
      if (roleName == null || r.roleName().equalsIgnoreCase(roleName)) {
        value.add(render(r, ctx.pathParam("sub")));
      }
    }
    ObjectNode out = F.objectNode();
    out.set("value", value);
    ctx.json(out);
  }

  void getDefinition(Context ctx) {
    RoleDefinition r =
        BuiltInRoles.byName(ctx.pathParam("name"))
            .orElseThrow(
                () ->
                    new ArmException(
                        404,
                        "RoleDefinitionDoesNotExist",
                        "The specified role definition with ID '"
                            + ctx.pathParam("name")
                            + "' does not exist."));
    ctx.json(render(r, ctx.pathParam("sub")));
  }

  private static RoleDefinition roleOf(String id) {
    Matcher m = ROLE_DEFINITION_ID.matcher(id);
    String guid = m.matches() ? m.group(2) : id;
    return BuiltInRoles.byName(guid)
        .orElseThrow(
            () ->
                ArmException.badRequest(
                    "RoleDefinitionDoesNotExist",
                    "The specified role definition with ID '" + guid + "' does not exist.",
                    "properties.roleDefinitionId"));
  }

  private static String text(JsonNode props, String field) {
    JsonNode v = props.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ArmException.invalidProperty(
          "properties." + field, "The role assignment property '" + field + "' is required.");
    }
    return v.asText().strip();
  }

  private static ArmException notFound(String name) {
    return new ArmException(
        404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found.");
  }

  /** ARM records the creator's object id. */
  private static String createdBy(Principal p) {
    return p instanceof Principal.User u ? u.objectId() : p.name();
  }

  /** An audit entry of what {@code p} did, with the principal behind its name. */
  static AuditLog.Write audit(
      Principal p, Instant at, String action, String resource, String detail) {
    return new AuditLog.Write(at, p.name(), createdBy(p), kind(p), action, resource, detail);
  }

  private static String kind(Principal p) {
    return switch (p) {
      case Principal.Admin a -> "Admin";
      case Principal.User u -> "User";
      case Principal.Agent g -> "Agent";
    };
  }

  static ObjectNode render(RoleAssignment a, String subscription) {
    ObjectNode out = F.objectNode();
    ObjectNode p = out.putObject("properties");
    p.put("roleDefinitionId", roleDefinitionId(subscription, a.roleDefinition()));
    p.put("principalId", a.principalId());
    p.put("principalType", a.principalType());
    p.put("scope", a.scope());
    p.putNull("condition");
    p.putNull("conditionVersion");
    p.put("createdOn", a.createdAt().toString());
    p.put("updatedOn", a.updatedAt().toString());
    p.put("createdBy", a.createdBy());
    p.put("updatedBy", a.updatedBy());
    p.putNull("delegatedManagedIdentityResourceId");
    if (a.description() == null) {
      p.putNull("description");
    } else {
      p.put("description", a.description());
    }
    out.put("id", a.id());
    out.put("type", RoleAssignment.TYPE);
    out.put("name", a.name());
    return out;
  }

  static String roleDefinitionId(String subscription, String guid) {
    return "/subscriptions/" + subscription + "/providers/" + RoleDefinition.TYPE + "/" + guid;
  }

  static ObjectNode render(RoleDefinition r, String subscription) {
    ObjectNode out = F.objectNode();
    out.put("id", r.id(subscription));
    out.put("name", r.name());
    out.put("type", RoleDefinition.TYPE);
    ObjectNode p = out.putObject("properties");
    p.put("roleName", r.roleName());
    p.put("type", "BuiltInRole");
    p.put("description", r.description());
    p.putArray("assignableScopes").add("/");
    ObjectNode perms = p.putArray("permissions").addObject();
    ArrayNode actions = perms.putArray("actions");
    r.actions().forEach(actions::add);
    ArrayNode not = perms.putArray("notActions");
    r.notActions().forEach(not::add);
    perms.putArray("dataActions");
    perms.putArray("notDataActions");
    return out;
  }
}
