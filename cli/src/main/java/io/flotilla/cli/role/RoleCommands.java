package io.flotilla.cli.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Session;
import io.flotilla.cli.SessionCommand;
import io.flotilla.cli.YesOption;
import io.flotilla.cli.output.Output;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flotilla role assignment create|list|delete} and {@code role definition list}: az's
 * commands for the service's role assignments. There is no directory here to resolve names in, so
 * {@code --assignee} is the principal's object id as the OIDC token carries it.
 */
public final class RoleCommands {
  static final String API_VERSION = "2022-04-01";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String AUTHZ = "/providers/Microsoft.Authorization";
  private static final Pattern GUID =
      Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");

  private RoleCommands() {}

  abstract static class Base extends SessionCommand {
    /** {@code --scope}, else {@code -g}'s resource group, else the subscription. */
    static String scope(Session s, String scope, String resourceGroup) {
      if (scope != null && !scope.isBlank()) {
        return scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
      }
      String sub = "/subscriptions/" + s.arm().subscription();
      return resourceGroup == null ? sub : sub + "/resourceGroups/" + resourceGroup;
    }

    /**
     * The role names by definition GUID, listed at the scope being worked on, as az does (a user
     * may read there and nowhere above).
     */
    static Map<String, String> roleNames(Session s, String scope) {
      JsonNode body = s.arm().get(scope + AUTHZ + "/roleDefinitions", API_VERSION).body();
      Map<String, String> names = new HashMap<>();
      body.path("value")
          .forEach(
              d ->
                  names.put(
                      d.path("name").asText(), d.path("properties").path("roleName").asText()));
      return names;
    }

    /** {@code --role}: a role name, a definition GUID or a definition id. */
    static String roleGuid(Session s, String scope, String role) {
      String last = role.substring(role.lastIndexOf('/') + 1);
      if (GUID.matcher(last).matches()) {
        return last.toLowerCase(java.util.Locale.ROOT);
      }
      return roleNames(s, scope).entrySet().stream()
          .filter(e -> e.getValue().equalsIgnoreCase(role))
          .map(Map.Entry::getKey)
          .findFirst()
          .orElseThrow(() -> CliException.error("Role '" + role + "' doesn't exist."));
    }

    static java.util.List<JsonNode> assignments(Session s, String scope) {
      JsonNode body = s.arm().get(scope + AUTHZ + "/roleAssignments", API_VERSION).body();
      java.util.List<JsonNode> out = new java.util.ArrayList<>();
      body.path("value").forEach(out::add);
      return out;
    }
  }

  @Command(
      name = "create",
      description = "Create a new role assignment for a user, group, or service principal.")
  public static final class Create extends Base {
    @Option(
        names = "--assignee",
        description = "The principal's object id (the token's principal claim).")
    String assignee;

    @Option(names = "--assignee-object-id", description = "The principal's object id.")
    String assigneeObjectId;

    @Option(
        names = "--assignee-principal-type",
        description = "User, Group or ServicePrincipal (default: User).")
    String principalType;

    @Option(
        names = "--role",
        required = true,
        description = "Role name or id, e.g. Reader, Contributor, Owner.")
    String role;

    @Option(
        names = "--scope",
        description =
            "Scope: a subscription, resource group or cluster id (default: the subscription).")
    String scope;

    @Option(
        names = {"--resource-group", "-g"},
        description = "Use the resource group as scope.")
    String resourceGroup;

    @Option(names = "--description", description = "Description of the role assignment.")
    String description;

    @Option(names = "--name", description = "A GUID for the assignment (default: a new one).")
    String name;

    @Override
    protected void run(Session session) {
      String principal = assigneeObjectId != null ? assigneeObjectId : assignee;
      if (principal == null || principal.isBlank()) {
        throw CliException.usage("usage error: --assignee STRING | --assignee-object-id GUID");
      }
      String at = scope(session, scope, resourceGroup);
      String guid = roleGuid(session, at, role);
      ObjectNode body = F.objectNode();
      ObjectNode p = body.putObject("properties");
      p.put(
          "roleDefinitionId",
          "/subscriptions/" + session.arm().subscription() + AUTHZ + "/roleDefinitions/" + guid);
      p.put("principalId", principal);
      p.put("principalType", principalType == null ? "User" : principalType);
      if (description != null) p.put("description", description);
      String id = name == null ? UUID.randomUUID().toString() : name;
      JsonNode created =
          session.arm().put(at + AUTHZ + "/roleAssignments/" + id, API_VERSION, body).body();
      session.output().print(Output.flatten(created), null);
    }
  }

  @Command(
      name = "list",
      description = "List role assignments (by default those at the subscription's scope).")
  public static final class List extends Base {
    @Option(names = "--assignee", description = "Only this principal's object id.")
    String assignee;

    @Option(names = "--role", description = "Only this role (name or id).")
    String role;

    @Option(names = "--scope", description = "Scope to list at.")
    String scope;

    @Option(
        names = {"--resource-group", "-g"},
        description = "List at the resource group.")
    String resourceGroup;

    @Option(names = "--all", description = "Show all assignments under the subscription.")
    boolean all;

    @Option(names = "--include-inherited", description = "Include assignments of scopes above.")
    boolean includeInherited;

    @Override
    protected void run(Session session) {
      String at = scope(session, scope, resourceGroup);
      Map<String, String> names = roleNames(session, at);
      String guid = role == null ? null : roleGuid(session, at, role);
      String lower = at.toLowerCase(java.util.Locale.ROOT);
      ArrayNode out = F.arrayNode();
      for (JsonNode a : assignments(session, at)) {
        ObjectNode flat = (ObjectNode) Output.flatten(a);
        String s = flat.path("scope").asText().toLowerCase(java.util.Locale.ROOT);
        boolean here = s.equals(lower);
        boolean above = lower.startsWith(s + "/");
        if (!all && !here && !(includeInherited && above)) continue;
        if (assignee != null && !assignee.equals(flat.path("principalId").asText())) continue;
        String roleId = flat.path("roleDefinitionId").asText();
        String roleGuid = roleId.substring(roleId.lastIndexOf('/') + 1);
        if (guid != null && !guid.equals(roleGuid)) continue;
        flat.put("principalName", "");
        flat.put("roleDefinitionName", names.getOrDefault(roleGuid, ""));
        out.add(flat);
      }
      session.output().print(out, null);
    }
  }

  @Command(name = "delete", description = "Delete role assignments.")
  public static final class Delete extends Base {
    @Option(names = "--ids", arity = "1..*", description = "Role assignment ids.")
    java.util.List<String> ids;

    @Option(names = "--assignee", description = "The principal's object id.")
    String assignee;

    @Option(names = "--role", description = "Role name or id.")
    String role;

    @Option(names = "--scope", description = "Scope of the assignments.")
    String scope;

    @Option(
        names = {"--resource-group", "-g"},
        description = "Resource group as scope.")
    String resourceGroup;

    @Mixin YesOption yes;

    @Override
    protected void run(Session session) {
      java.util.List<String> targets = new java.util.ArrayList<>();
      if (ids != null && !ids.isEmpty()) {
        targets.addAll(ids);
      } else {
        if (assignee == null
            && role == null
            && scope == null
            && resourceGroup == null
            && !yes.yes()) {
          yes.confirm(
              session,
              "Are you sure you want to delete all role assignments under the subscription?");
        }
        String at = scope(session, scope, resourceGroup);
        String guid = role == null ? null : roleGuid(session, at, role);
        for (JsonNode a : assignments(session, at)) {
          JsonNode p = a.path("properties");
          String roleId = p.path("roleDefinitionId").asText();
          if (!p.path("scope").asText().equalsIgnoreCase(at)) continue;
          if (assignee != null && !assignee.equals(p.path("principalId").asText())) continue;
          if (guid != null && !roleId.toLowerCase(java.util.Locale.ROOT).endsWith("/" + guid))
            continue;
          targets.add(a.path("id").asText());
        }
      }
      if (targets.isEmpty()) {
        session.log().warning("No matched assignments were found to delete");
        return;
      }
      for (String id : targets) {
        session.arm().delete(id, API_VERSION, "");
      }
    }
  }

  @Command(name = "list", description = "List role definitions.")
  public static final class DefinitionList extends Base {
    @Option(names = "--name", description = "Only the role of this name.")
    String name;

    @Override
    protected void run(Session session) {
      JsonNode body =
          session
              .arm()
              .get(
                  "/subscriptions/" + session.arm().subscription() + AUTHZ + "/roleDefinitions",
                  API_VERSION)
              .body();
      ArrayNode out = F.arrayNode();
      body.path("value")
          .forEach(
              d -> {
                if (name == null
                    || d.path("properties").path("roleName").asText().equalsIgnoreCase(name)) {
                  out.add(Output.flatten(d));
                }
              });
      session.output().print(out, null);
    }
  }
}
