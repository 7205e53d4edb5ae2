package io.flotilla.kube.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.GoText;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Authentication, impersonation and authorization of every request, in kube-apiserver's order:
 * bearer token (static users or service account tokens) → {@code Impersonate-*} headers → RBAC.
 * Also the RBAC escalation rules on writes of roles and bindings, as a {@link ApiCore.WriteCheck}.
 *
 * <p>Without configured users the server is open, as it always was: every request acts as a {@code
 * system:masters} member whatever token or {@code Impersonate-*} headers it carries, so nothing is
 * refused. Declaring a user turns all of the above on.
 */
public final class Authorization implements ApiCore.WriteCheck {
  public static final UserInfo OPEN_ADMIN =
      new UserInfo("system:admin", "", List.of(UserInfo.MASTERS, UserInfo.AUTHENTICATED));

  /** The user a request runs as and what it asks, for checks deeper in the request path. */
  record Request(UserInfo user, Attributes attributes) {}

  /** Ends a request's scope; never throws. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

  /** Who the request being served runs as (after impersonation); null outside a request. */
  public static UserInfo currentUser() {
    Request r = CURRENT.get();
    return r == null ? null : r.user();
  }

  private static final List<PolicyRule> FULL_AUTHORITY =
      List.of(
          new PolicyRule(List.of("*"), List.of("*"), List.of("*"), List.of(), List.of()),
          new PolicyRule(List.of("*"), List.of(), List.of(), List.of(), List.of("*")));

  private final Map<String, UserInfo> tokens = new LinkedHashMap<>();
  private final boolean enabled;
  private final Store store;
  private final Registry registry;
  final Rbac rbac;
  public final ServiceAccountTokens serviceAccountTokens;

  public Authorization(Map<String, UserInfo> tokens, Store store, Registry registry, Clock clock) {
    this.tokens.putAll(tokens);
    this.enabled = !tokens.isEmpty();
    this.store = store;
    this.registry = registry;
    this.rbac = new Rbac(store);
    this.serviceAccountTokens = new ServiceAccountTokens(store, clock);
  }

  public boolean enabled() {
    return enabled;
  }

  /** The first configured token of a {@code system:masters} member, or null. */
  public String adminToken() {
    for (Map.Entry<String, UserInfo> e : tokens.entrySet()) {
      if (e.getValue().privileged()) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * Admits one request or throws the 401/403/500 the real server would answer; the returned scope
   * makes the caller's identity visible to {@link #check} until closed.
   */
  public Scope enter(
      Headers headers, String method, String rawPath, Map<String, List<String>> query) {
    if (!enabled) {
      CURRENT.set(new Request(OPEN_ADMIN, null));
      return CURRENT::remove;
    }
    UserInfo requestor = authenticate(headers.getFirst("Authorization"));
    if (requestor == null) {
      throw new ApiException(401, "Unauthorized", "Unauthorized", null, null, null, List.of());
    }
    UserInfo user = impersonate(requestor, headers);
    Attributes a = null;
    if (!user.privileged()) {
      a = Attributes.parse(user, method, rawPath, query);
      Rbac.Decision d = rbac.authorize(a);
      if (!d.allowed()) {
        throw forbidden(a, d.reason());
      }
      if (createsByApply(a, headers)) {
        // As the patch handler does: an apply that creates the object also needs "create".
        Rbac.Decision c = rbac.authorize(a.withVerb("create"));
        if (!c.allowed()) {
          throw newForbidden(a.apiGroup(), a.resource(), a.name(), c.reason());
        }
      }
    }
    CURRENT.set(new Request(user, a));
    return CURRENT::remove;
  }

  /** The configured (static token) user a token stands for, or null. */
  UserInfo staticUser(String token) {
    return tokens.get(token);
  }

  private UserInfo authenticate(String header) {
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).strip();
    }
    if (token != null && !token.isEmpty()) {
      UserInfo u = tokens.get(token);
      if (u == null && token.chars().filter(c -> c == '.').count() == 2) {
        u = serviceAccountTokens.verify(token);
      }
      if (u != null) {
        return u;
      }
    }
    return null;
  }

  /** Applies {@code Impersonate-*} headers after checking the {@code impersonate} verb on each. */
  UserInfo impersonate(UserInfo requestor, Headers h) {
    String wantedUser = h.getFirst("Impersonate-User");
    List<String> wantedGroups = h.get("Impersonate-Group");
    String wantedUid = h.getFirst("Impersonate-Uid");
    Map<String, List<String>> extras = new HashMap<>();
    for (Map.Entry<String, List<String>> e : h.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.startsWith("impersonate-extra-")) {
        extras.put(
            java.net.URLDecoder.decode(
                key.substring("impersonate-extra-".length()).replace("+", "%2B"),
                java.nio.charset.StandardCharsets.UTF_8),
            e.getValue());
      }
    }
    boolean hasUser = wantedUser != null && !wantedUser.isEmpty();
    boolean hasGroups = wantedGroups != null && !wantedGroups.isEmpty();
    boolean hasUid = wantedUid != null && !wantedUid.isEmpty();
    if (!hasUser && !hasGroups && !hasUid && extras.isEmpty()) {
      return requestor;
    }
    if (!hasUser) {
      List<String> refs = new ArrayList<>();
      if (hasGroups) {
        wantedGroups.forEach(g -> refs.add("{Group  " + g + "     }"));
      }
      throw new ApiException(
          500,
          "InternalError",
          "Internal Server Error: requested ["
              + String.join(" ", refs)
              + "] without impersonating a user",
          null,
          null,
          null,
          List.of());
    }
    String username;
    List<String> groups = new ArrayList<>();
    String[] sa = UserInfo.splitServiceAccount(wantedUser);
    if (sa != null) {
      requireImpersonate(requestor, "", "serviceaccounts", "", sa[0], sa[1]);
      username = wantedUser;
      if (!hasGroups) {
        groups.addAll(UserInfo.serviceAccountGroups(sa[0]));
      }
    } else {
      requireImpersonate(requestor, "", "users", "", "", wantedUser);
      username = wantedUser;
    }
    if (hasGroups) {
      for (String g : wantedGroups) {
        requireImpersonate(requestor, "", "groups", "", "", g);
        groups.add(g);
      }
    }
    for (Map.Entry<String, List<String>> e : extras.entrySet()) {
      for (String v : e.getValue()) {
        requireImpersonate(requestor, "authentication.k8s.io", "userextras", e.getKey(), "", v);
      }
    }
    String uid = "";
    if (hasUid) {
      requireImpersonate(requestor, "authentication.k8s.io", "uids", "", "", wantedUid);
      uid = wantedUid;
    }
    if (!username.equals(UserInfo.ANONYMOUS)) {
      if (!groups.contains(UserInfo.AUTHENTICATED) && !groups.contains(UserInfo.UNAUTHENTICATED)) {
        groups.add(UserInfo.AUTHENTICATED);
      }
    } else if (!groups.contains(UserInfo.UNAUTHENTICATED)) {
      groups.add(UserInfo.UNAUTHENTICATED);
    }
    return new UserInfo(username, uid, groups, extras);
  }

  private void requireImpersonate(
      UserInfo requestor, String group, String resource, String sub, String ns, String name) {
    Attributes a = Attributes.resource(requestor, "impersonate", group, resource, sub, ns, name);
    Rbac.Decision d = rbac.authorize(a);
    if (!d.allowed()) {
      throw forbidden(a, d.reason());
    }
  }

  private boolean createsByApply(Attributes a, Headers headers) {
    String ct = headers.getFirst("Content-Type");
    if (!a.resourceRequest()
        || !a.verb().equals("patch")
        || !a.subresource().isEmpty()
        || a.name().isEmpty()
        || ct == null
        || !ct.toLowerCase(Locale.ROOT).startsWith("application/apply-patch")) {
      return false;
    }
    ResourceType t = registry.find(a.apiGroup(), a.apiVersion(), a.resource());
    return t != null && !store.contains(t.storageKey(), ApiCore.scope(t, a.namespace()), a.name());
  }

  // ------------------------------------------------------------------ 403

  /** The 403 of kube-apiserver's authorization filter, word for word. */
  static ApiException forbidden(Attributes a, String reason) {
    String who = GoText.quote(a.user().name());
    String msg;
    if (!a.resourceRequest()) {
      msg = "User " + who + " cannot " + a.verb() + " path " + GoText.quote(a.path());
    } else {
      String res = GoText.quote(a.combinedResource());
      msg = "User " + who + " cannot " + a.verb() + " resource " + res + " in API group ";
      msg += GoText.quote(a.apiGroup());
      msg +=
          a.namespace().isEmpty()
              ? " at the cluster scope"
              : " in the namespace " + GoText.quote(a.namespace());
    }
    // Like the real server, never emit something a browser could take for HTML.
    msg = msg.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    if (!reason.isEmpty()) {
      msg += ": " + reason;
    }
    return newForbidden(a.apiGroup(), a.resource(), a.name(), msg);
  }

  /** apierrors.NewForbidden. */
  static ApiException newForbidden(String group, String resource, String name, String err) {
    String message;
    if (group.isEmpty() && resource.isEmpty()) {
      message = "forbidden: " + err;
    } else {
      String qualified = group.isEmpty() ? resource : resource + "." + group;
      message =
          name.isEmpty()
              ? qualified + " is forbidden: " + err
              : qualified + " " + GoText.quote(name) + " is forbidden: " + err;
    }
    return new ApiException(
        403,
        "Forbidden",
        message,
        name.isEmpty() ? null : name,
        group,
        resource.isEmpty() ? null : resource,
        List.of());
  }

  // ------------------------------------------------------------------ escalation

  /** RBAC's escalation prevention on roles and bindings (kube's policy-based storage). */
  @Override
  public void check(ResourceType t, ObjectNode old, ObjectNode candidate) {
    Request r = CURRENT.get();
    if (r == null || r.user().privileged() || !t.group().equals(Rbac.GROUP)) {
      return;
    }
    if (old != null && onlyGcFieldsDiffer(old, candidate)) {
      return;
    }
    UserInfo u = r.user();
    String ns = t.namespaced() ? Json.text(candidate, "metadata", "namespace") : "";
    String name = Json.text(candidate, "metadata", "name");
    switch (t.plural()) {
      case "roles", "clusterroles" -> {
        String requestName = r.attributes() == null ? name : r.attributes().name();
        Attributes escalate =
            Attributes.resource(u, "escalate", Rbac.GROUP, t.plural(), "", ns, requestName);
        if (rbac.authorize(escalate).allowed()) {
          return;
        }
        String why = missingRights(u, ns, PolicyRule.listOf(candidate.get("rules")));
        if (why != null) {
          throw newForbidden(Rbac.GROUP, t.plural(), name, why);
        }
        JsonNode agg = candidate.get("aggregationRule");
        if (t.plural().equals("clusterroles")
            && agg != null
            && !agg.isNull()
            && missingRights(u, "", FULL_AUTHORITY) != null) {
          throw newForbidden(
              Rbac.GROUP,
              t.plural(),
              name,
              "must have cluster-admin privileges to use the aggregationRule");
        }
      }
      case "rolebindings", "clusterrolebindings" -> {
        JsonNode ref = candidate.path("roleRef");
        String refResource = "Role".equals(ref.path("kind").asText()) ? "roles" : "clusterroles";
        String refName = ref.path("name").asText("");
        Attributes bind = Attributes.resource(u, "bind", Rbac.GROUP, refResource, "", ns, refName);
        if (rbac.authorize(bind).allowed()) {
          return;
        }
        List<PolicyRule> rules = rbac.roleRefRules(ref, ns, new ArrayList<>());
        if (rules == null) {
          throw ApiException.notFound(registry.find(Rbac.GROUP, "v1", refResource), refName);
        }
        String why = missingRights(u, ns, rules);
        if (why != null) {
          throw newForbidden(Rbac.GROUP, t.plural(), name, why);
        }
      }
      default -> {}
    }
  }

  /** Null when {@code user} holds every right in {@code wanted}; else kube's error text. */
  String missingRights(UserInfo user, String namespace, List<PolicyRule> wanted) {
    Rbac.RuleSet owner = rbac.rulesFor(user, namespace);
    List<PolicyRule> missing = new ArrayList<>();
    for (PolicyRule w : wanted) {
      for (PolicyRule sub : w.breakdown()) {
        if (owner.rules().stream().noneMatch(o -> o.covers(sub))) {
          missing.add(sub);
        }
      }
    }
    if (missing.isEmpty()) {
      return null;
    }
    TreeSet<String> lines = new TreeSet<>();
    PolicyRule.compact(missing).forEach(m -> lines.add(m.compactString()));
    String msg =
        "user "
            + GoText.quote(user.name())
            + " (groups="
            + GoText.quoteList(user.groups())
            + ") is attempting to grant RBAC permissions not currently held:\n"
            + String.join("\n", lines);
    if (!owner.errors().isEmpty()) {
      msg += "; resolution errors: [" + String.join(" ", owner.errors()) + "]";
    }
    return msg;
  }

  private static boolean onlyGcFieldsDiffer(ObjectNode old, ObjectNode candidate) {
    return strip(old).equals(strip(candidate));
  }

  private static JsonNode strip(ObjectNode o) {
    ObjectNode c = o.deepCopy();
    ObjectNode m = Json.meta(c);
    for (String f :
        List.of(
            "ownerReferences", "finalizers", "managedFields", "resourceVersion", "generation")) {
      m.remove(f);
    }
    return c;
  }
}
