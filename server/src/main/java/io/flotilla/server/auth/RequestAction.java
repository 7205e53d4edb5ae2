package io.flotilla.server.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Azure action and scope of an ARM request, derived from its method and path the way ARM
 * derives them: the last provider namespace, the resource types after it (names skipped), then
 * {@code read}, {@code write}, {@code delete}, or {@code <name>/action} for a POST. So {@code PUT
 * …/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/x} is {@code
 * Microsoft.KubernetesConfiguration/fluxConfigurations/write} over that path.
 */
record RequestAction(String action, String scope) {

  /** Null for paths outside {@code /subscriptions/…}. */
  static RequestAction of(String method, String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    List<String> seg = new ArrayList<>(List.of(trimmed.split("/")));
    seg.removeIf(String::isEmpty);
    if (seg.isEmpty() || !seg.get(0).equalsIgnoreCase("subscriptions")) {
      return null;
    }
    boolean post = method.equalsIgnoreCase("POST");
    String scope = trimmed;
    String operation = null;
    if (post && seg.size() > 2) {
      operation = seg.remove(seg.size() - 1);
      scope = trimmed.substring(0, trimmed.lastIndexOf('/'));
    }
    String type = resourceType(seg);
    String verb =
        switch (method.toUpperCase(Locale.ROOT)) {
          case "PUT", "PATCH" -> "write";
          case "DELETE" -> "delete";
          case "POST" -> operation == null ? "action" : operation + "/action";
          default -> "read";
        };
    if ("issueAgentToken/action".equalsIgnoreCase(verb)) {
      // The agent's credential is part of onboarding: in Azure it comes with the cluster's PUT.
      verb = "write";
    }
    return new RequestAction(type + "/" + verb, scope);
  }

  private static String resourceType(List<String> seg) {
    int provider = -1;
    for (int i = seg.size() - 2; i >= 0; i--) {
      if (seg.get(i).equalsIgnoreCase("providers")) {
        provider = i;
        break;
      }
    }
    if (provider < 0) {
      // /subscriptions/{s}[/resourceGroups[/{rg}]]: the Resources provider's own types
      return seg.size() >= 3
          ? "Microsoft.Resources/subscriptions/resourceGroups"
          : "Microsoft.Resources/subscriptions";
    }
    StringBuilder type = new StringBuilder(seg.get(provider + 1));
    for (int i = provider + 2; i < seg.size(); i += 2) {
      type.append('/').append(seg.get(i));
    }
    return type.toString();
  }

  /** Whether an assignment at {@code assignmentScope} applies to a request over {@code scope}. */
  static boolean covers(String assignmentScope, String scope) {
    String a = assignmentScope.toLowerCase(Locale.ROOT);
    String s = scope.toLowerCase(Locale.ROOT);
    return s.equals(a) || s.startsWith(a.endsWith("/") ? a : a + "/");
  }
}
