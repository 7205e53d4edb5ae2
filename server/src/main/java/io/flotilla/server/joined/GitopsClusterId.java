package io.flotilla.server.joined;

import java.util.Optional;

/**
 * A GitopsCluster's ARM id, the scope role assignments are matched against: {@code
 * /subscriptions/{sub}/resourceGroups/{namespace}/providers/Flotilla.GitOps/gitopsClusters/{name}}.
 * The namespace plays the resource group, as both are the unit of tenancy of their world.
 */
public record GitopsClusterId(String subscriptionId, String namespace, String name) {
  public static final String PROVIDER = "Flotilla.GitOps";
  public static final String TYPE = "gitopsClusters";

  /** The Azure action that reading one needs; Reader, Contributor and Owner grant it. */
  public static final String READ_ACTION = PROVIDER + "/" + TYPE + "/read";

  public String resourceGroupId() {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + namespace;
  }

  public String resourceId() {
    return resourceGroupId() + "/providers/" + PROVIDER + "/" + TYPE + "/" + name;
  }

  /** Parses an ARM id; empty when it is not a GitopsCluster's. */
  public static Optional<GitopsClusterId> parse(String id) {
    if (id == null || !id.startsWith("/")) {
      return Optional.empty();
    }
    String[] s = id.substring(1).split("/", -1);
    if (s.length != 8
        || !s[0].equalsIgnoreCase("subscriptions")
        || !s[2].equalsIgnoreCase("resourceGroups")
        || !s[4].equalsIgnoreCase("providers")
        || !s[5].equalsIgnoreCase(PROVIDER)
        || !s[6].equalsIgnoreCase(TYPE)) {
      return Optional.empty();
    }
    for (String part : s) {
      if (part.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(new GitopsClusterId(s[1], s[3], s[7]));
  }
}
