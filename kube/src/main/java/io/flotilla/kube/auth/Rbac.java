package io.flotilla.kube.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.GoText;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.store.Selectors;
import io.flotilla.kube.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The RBAC authorizer: walks ClusterRoleBindings, then the RoleBindings of the request's namespace,
 * and allows the request as soon as one rule of a bound role allows it. Reads the objects stored in
 * this server on every call, so a new binding takes effect at once.
 */
final class Rbac {
  static final String GROUP = "rbac.authorization.k8s.io";
  private static final String ROLES = GROUP + "/roles";
  private static final String CLUSTER_ROLES = GROUP + "/clusterroles";
  private static final String ROLE_BINDINGS = GROUP + "/rolebindings";
  private static final String CLUSTER_ROLE_BINDINGS = GROUP + "/clusterrolebindings";

  /** An authorizer's answer; {@code reason} is appended to the 403 message when not empty. */
  record Decision(boolean allowed, String reason) {}

  /** The rules a user holds somewhere, and the references that could not be resolved. */
  record RuleSet(List<PolicyRule> rules, List<String> errors) {}

  private final Store store;

  Rbac(Store store) {
    this.store = store;
  }

  Decision authorize(Attributes a) {
    if (a.user().privileged()) {
      return new Decision(true, "");
    }
    List<String> errors = new ArrayList<>();
    if (visit(a.user(), a.namespace(), (source, r) -> r.allows(a), errors)) {
      return new Decision(true, "");
    }
    return new Decision(false, errors.isEmpty() ? "" : "RBAC: " + aggregate(errors));
  }

  /**
   * As {@link #authorize}, with the reason an access review reports for an allowed request: {@code
   * RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to Group "g"}.
   */
  Decision explain(Attributes a) {
    if (a.user().privileged()) {
      return new Decision(true, "");
    }
    List<String> errors = new ArrayList<>();
    String[] by = new String[1];
    BiPredicate<Supplier<String>, PolicyRule> allows =
        (source, r) -> {
          if (r.allows(a)) {
            by[0] = source.get();
            return true;
          }
          return false;
        };
    if (visit(a.user(), a.namespace(), allows, errors)) {
      return new Decision(true, "RBAC: allowed by " + by[0]);
    }
    return new Decision(false, errors.isEmpty() ? "" : "RBAC: " + aggregate(errors));
  }

  /** Every rule {@code user} holds in {@code namespace} ("" for cluster scope). */
  RuleSet rulesFor(UserInfo user, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    visit(
        user,
        namespace,
        (source, r) -> {
          rules.add(r);
          return false;
        },
        errors);
    return new RuleSet(rules, errors);
  }

  /**
   * The rules a role reference grants within a namespace, or null when the role does not exist (a
   * message goes to {@code errors}).
   */
  List<PolicyRule> roleRefRules(JsonNode roleRef, String namespace, List<String> errors) {
    String kind = roleRef.path("kind").asText("");
    String name = roleRef.path("name").asText("");
    switch (kind) {
      case "Role" -> {
        ObjectNode role = store.get(ROLES, namespace, name);
        if (role == null) {
          errors.add("role.rbac.authorization.k8s.io " + GoText.quote(name) + " not found");
          return null;
        }
        return PolicyRule.listOf(role.get("rules"));
      }
      case "ClusterRole" -> {
        ObjectNode role = store.get(CLUSTER_ROLES, "", name);
        if (role == null) {
          errors.add("clusterrole.rbac.authorization.k8s.io " + GoText.quote(name) + " not found");
          return null;
        }
        return clusterRoleRules(role, new HashSet<>());
      }
      default -> {
        errors.add("unsupported role reference kind: " + GoText.quote(kind));
        return null;
      }
    }
  }

  /**
   * A ClusterRole's rules; for one with an aggregationRule, the rules of every ClusterRole its
   * selectors match, which is what the aggregation controller would have written into it.
   */
  List<PolicyRule> clusterRoleRules(ObjectNode role, Set<String> seen) {
    String name = Json.text(role, "metadata", "name");
    seen.add(name);
    JsonNode selectors = Json.at(role, "aggregationRule", "clusterRoleSelectors");
    if (selectors == null || !selectors.isArray()) {
      return PolicyRule.listOf(role.get("rules"));
    }
    List<PolicyRule> out = new ArrayList<>();
    for (ObjectNode other : store.list(CLUSTER_ROLES, null)) {
      String otherName = Json.text(other, "metadata", "name");
      if (seen.contains(otherName)) {
        continue;
      }
      for (JsonNode sel : selectors) {
        if (Selectors.matches(sel, other.path("metadata").path("labels"))) {
          for (PolicyRule r : clusterRoleRules(other, seen)) {
            if (!out.contains(r)) {
              out.add(r);
            }
          }
          break;
        }
      }
    }
    return out;
  }

  private boolean visit(
      UserInfo user,
      String namespace,
      BiPredicate<Supplier<String>, PolicyRule> visitor,
      List<String> errors) {
    for (ObjectNode b : store.list(CLUSTER_ROLE_BINDINGS, null)) {
      JsonNode subject = matchingSubject(user, b.get("subjects"), "");
      if (subject != null) {
        List<PolicyRule> rules = roleRefRules(b.path("roleRef"), "", errors);
        Supplier<String> source = () -> describe("ClusterRoleBinding", b, "", subject);
        if (rules != null && rules.stream().anyMatch(r -> visitor.test(source, r))) {
          return true;
        }
      }
    }
    if (namespace == null || namespace.isEmpty()) {
      return false;
    }
    for (ObjectNode b : store.list(ROLE_BINDINGS, namespace)) {
      JsonNode subject = matchingSubject(user, b.get("subjects"), namespace);
      if (subject != null) {
        List<PolicyRule> rules = roleRefRules(b.path("roleRef"), namespace, errors);
        Supplier<String> source = () -> describe("RoleBinding", b, namespace, subject);
        if (rules != null && rules.stream().anyMatch(r -> visitor.test(source, r))) {
          return true;
        }
      }
    }
    return false;
  }

  /** kube's binding describers: {@code RoleBinding "b/ns" of Role "r" to User "u"}. */
  private static String describe(String kind, ObjectNode binding, String ns, JsonNode subject) {
    String name = Json.text(binding, "metadata", "name");
    JsonNode ref = binding.path("roleRef");
    String subjectKind = subject.path("kind").asText("");
    String subjectName = subject.path("name").asText("");
    if (subjectKind.equals("ServiceAccount")) {
      String saNs = subject.path("namespace").asText("");
      subjectName += "/" + (saNs.isEmpty() ? ns : saNs);
    }
    return kind
        + " "
        + GoText.quote(ns.isEmpty() ? name : name + "/" + ns)
        + " of "
        + ref.path("kind").asText("")
        + " "
        + GoText.quote(ref.path("name").asText(""))
        + " to "
        + subjectKind
        + " "
        + GoText.quote(subjectName);
  }

  static boolean appliesTo(UserInfo user, JsonNode subjects, String bindingNamespace) {
    return matchingSubject(user, subjects, bindingNamespace) != null;
  }

  /** The first subject of a binding that names {@code user}, or null. */
  private static JsonNode matchingSubject(
      UserInfo user, JsonNode subjects, String bindingNamespace) {
    if (subjects == null || !subjects.isArray()) {
      return null;
    }
    for (JsonNode s : subjects) {
      String name = s.path("name").asText("");
      boolean match =
          switch (s.path("kind").asText("")) {
            case "User" -> name.equals(user.name());
            case "Group" -> user.groups().contains(name);
            case "ServiceAccount" -> {
              String ns = s.path("namespace").asText("");
              if (ns.isEmpty()) {
                ns = bindingNamespace;
              }
              yield !ns.isEmpty() && user.name().equals(UserInfo.SA_PREFIX + ns + ":" + name);
            }
            default -> false;
          };
      if (match) {
        return s;
      }
    }
    return null;
  }

  /** utilerrors.NewAggregate(...).Error(): one message as is, several as {@code [a, b]}. */
  static String aggregate(List<String> errors) {
    List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(errors));
    return distinct.size() == 1 ? distinct.get(0) : "[" + String.join(", ", distinct) + "]";
  }
}
