package io.flotilla.server.auth;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A role: the actions it grants and those it carves out ({@code notActions}), as Azure's role
 * definitions have them. Patterns use {@code *} as a wildcard and ignore case.
 *
 * @param name the definition's GUID, the last segment of {@code roleDefinitionId}
 */
record RoleDefinition(
    String name,
    String roleName,
    String description,
    List<String> actions,
    List<String> notActions) {
  static final String TYPE = "Microsoft.Authorization/roleDefinitions";

  RoleDefinition {
    actions = List.copyOf(actions);
    notActions = List.copyOf(notActions);
  }

  boolean permits(String action) {
    return actions.stream().anyMatch(p -> matches(p, action))
        && notActions.stream().noneMatch(p -> matches(p, action));
  }

  /** {@code /subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{name}} */
  String id(String subscription) {
    return "/subscriptions/" + subscription + "/providers/" + TYPE + "/" + name;
  }

  static boolean matches(String pattern, String action) {
    String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
    return action.toLowerCase(Locale.ROOT).matches(regex);
  }
}
