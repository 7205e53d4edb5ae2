package io.flotilla.server.auth;

import io.javalin.http.Context;
import java.util.List;

/** Who is calling: the service's own admin token, an OIDC user, or a cluster's agent. */
public sealed interface Principal {
  String ATTRIBUTE = "flotilla.principal";

  /** How the caller appears in systemData, errors and the audit log. */
  String name();

  /** The principal of the request, set by the authentication before routing. */
  static Principal of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /** The holder of {@code <dataDir>/admin-token}: allowed everything, as a subscription Owner. */
  record Admin() implements Principal {
    @Override
    public String name() {
      return "admin";
    }
  }

  /**
   * A user (or application) signed in at the OIDC issuer.
   *
   * @param objectId the principal claim's value: what role assignments name as principalId
   * @param displayName the name claim's value, or the object id when the token has none
   * @param groups the group ids the token lists; assignments to them apply too
   */
  record User(String objectId, String displayName, List<String> groups) implements Principal {
    public User {
      groups = List.copyOf(groups);
    }

    @Override
    public String name() {
      return displayName;
    }
  }

  /** A cluster's agent: only the agent API of its own cluster. */
  record Agent(String clusterId) implements Principal {
    @Override
    public String name() {
      return "agent:" + clusterId;
    }
  }
}
