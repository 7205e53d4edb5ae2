package io.flotilla.server.auth;

import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Decides an ARM request of a user: allowed when one of the roles assigned to the user or one of
 * its groups, at the request's scope or above, permits the request's action. Runs before routing,
 * so that a user without the right learns nothing, not even whether the resource exists.
 */
final class Authorizer {
  private final Jdbi jdbi;
  private final RoleAssignmentStore store = new RoleAssignmentStore();

  Authorizer(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  void check(Principal.User user, RequestAction request) {
    if (!permits(user, request)) {
      throw denied(user, request);
    }
  }

  boolean permits(Principal.User user, RequestAction request) {
    List<String> ids = new ArrayList<>(user.groups());
    ids.add(user.objectId());
    for (RoleAssignment a : jdbi.withHandle(h -> store.forPrincipals(h, ids))) {
      if (RequestAction.covers(a.scope(), request.scope())
          && BuiltInRoles.byName(a.roleDefinition())
              .map(r -> r.permits(request.action()))
              .orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /** The scopes of the user's (and its groups') assignments whose role permits {@code action}. */
  List<String> scopesPermitting(Principal.User user, String action) {
    List<String> ids = new ArrayList<>(user.groups());
    ids.add(user.objectId());
    List<String> scopes = new ArrayList<>();
    for (RoleAssignment a : jdbi.withHandle(h -> store.forPrincipals(h, ids))) {
      if (BuiltInRoles.byName(a.roleDefinition()).map(r -> r.permits(action)).orElse(false)) {
        scopes.add(a.scope());
      }
    }
    return scopes;
  }

  /** ARM's {@code AuthorizationFailed}, word for word. */
  static ArmException denied(Principal.User user, RequestAction request) {
    return ArmErrors.forbidden(
        "The client '"
            + user.name()
            + "' with object id '"
            + user.objectId()
            + "' does not have authorization to perform action '"
            + request.action()
            + "' over scope '"
            + request.scope()
            + "' or the scope is invalid. If access was recently granted, please refresh your"
            + " credentials.");
  }
}
