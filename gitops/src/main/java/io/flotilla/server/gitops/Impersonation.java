package io.flotilla.server.gitops;

import io.flotilla.server.auth.Principal;
import java.util.List;

/**
 * Who a read of a joined cluster impersonates, as WGE does ({@code Impersonate-User}, {@code
 * Impersonate-Group}): a signed-in user by its principal claim and groups, the service's admin
 * token as {@value #ADMIN_USER} (WGE's cluster user is {@code wego-admin}). The joined cluster's
 * own RBAC then decides what each of them sees.
 */
record Impersonation(String user, List<String> groups) {
  static final String ADMIN_USER = "flotilla-admin";

  Impersonation {
    groups = List.copyOf(groups);
  }

  /** Null for an agent, which reads no joined cluster. */
  static Impersonation of(Principal p) {
    return switch (p) {
      case Principal.User u -> new Impersonation(u.objectId(), u.groups());
      case Principal.Admin a -> new Impersonation(ADMIN_USER, List.of());
      case Principal.Agent a -> null;
      case null -> null;
    };
  }
}
