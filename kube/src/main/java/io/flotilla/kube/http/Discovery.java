package io.flotilla.kube.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.auth.AccessReviews;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.store.Store;
import java.util.List;
import java.util.Map;

/** The discovery documents: /version, /api, /apis, /apis/{group}, and resource lists. */
public final class Discovery {
  public static final String GIT_VERSION = "v1.32.0";
  private final Registry registry;
  private final Store store;

  Discovery(Registry registry, Store store) {
    this.registry = registry;
    this.store = store;
  }

  /** The registry's groups plus the review groups, which serve no stored kinds. */
  private Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new java.util.LinkedHashMap<>(registry.groups());
    for (AccessReviews.Endpoint e : AccessReviews.ENDPOINTS) {
      List<String> versions = groups.computeIfAbsent(e.group(), g -> new java.util.ArrayList<>());
      if (!versions.contains(e.version())) {
        versions.add(e.version());
      }
    }
    return groups;
  }

  static ObjectNode version() {
    ObjectNode v = Json.object();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", GIT_VERSION);
    v.put("gitCommit", "flotilla");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2024-12-11T00:00:00Z");
    v.put("goVersion", "go1.23.3");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }

  ObjectNode coreVersions(String serverAddress) {
    ObjectNode o = Json.object();
    o.put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    ObjectNode addr = o.putArray("serverAddressByClientCIDRs").addObject();
    addr.put("clientCIDR", "0.0.0.0/0");
    addr.put("serverAddress", serverAddress);
    return o;
  }

  ObjectNode groupList() {
    ObjectNode o = Json.object();
    o.put("kind", "APIGroupList");
    o.put("apiVersion", "v1");
    ArrayNode groups = o.putArray("groups");
    for (Map.Entry<String, List<String>> g : groups().entrySet()) {
      if (!g.getKey().isEmpty()) {
        groups.add(group(g.getKey(), g.getValue()));
      }
    }
    return o;
  }

  ObjectNode group(String name) {
    List<String> versions = groups().get(name);
    if (versions == null || name.isEmpty()) {
      return null;
    }
    ObjectNode g = group(name, versions);
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    return g;
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode g = Json.object();
    g.put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      ObjectNode vn = vs.addObject();
      vn.put("groupVersion", name + "/" + v);
      vn.put("version", v);
    }
    ObjectNode pref = g.putObject("preferredVersion");
    pref.put("groupVersion", name + "/" + versions.get(0));
    pref.put("version", versions.get(0));
    return g;
  }

  ObjectNode resources(String group, String version) {
    if (!registry.groupVersionServed(group, version)
        && !AccessReviews.servesGroupVersion(group, version)) {
      return null;
    }
    ObjectNode o = Json.object();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode rs = o.putArray("resources");
    // sorted by name as kube-apiserver installs them: kubectl's "all" category follows this order
    List<ResourceType> types =
        registry.all().stream()
            .filter(t -> t.group().equals(group) && t.version().equals(version))
            .sorted(java.util.Comparator.comparing(ResourceType::plural))
            .toList();
    for (ResourceType t : types) {
      ObjectNode r = rs.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      ResourceType.VERBS.forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode sn = r.putArray("shortNames");
        t.shortNames().forEach(sn::add);
      }
      if (!t.categories().isEmpty()) {
        ArrayNode cs = r.putArray("categories");
        t.categories().forEach(cs::add);
      }
      if (ScaleSubresource.paths(t, store) != null) {
        subresource(
            rs, t, "scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
      }
      if (t.is("", "serviceaccounts")) {
        subresource(
            rs, t, "token", AccessReviews.AUTHENTICATION, "v1", "TokenRequest", List.of("create"));
      }
      if (t.hasStatus()) {
        ObjectNode s = rs.addObject();
        s.put("name", t.plural() + "/status");
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("kind", t.kind());
        ArrayNode sv = s.putArray("verbs");
        List.of("get", "patch", "update").forEach(sv::add);
      }
    }
    for (AccessReviews.Endpoint e : AccessReviews.ENDPOINTS) {
      if (e.group().equals(group) && e.version().equals(version)) {
        ObjectNode r = rs.addObject();
        r.put("name", e.plural());
        r.put("singularName", e.kind().toLowerCase(java.util.Locale.ROOT));
        r.put("namespaced", e.namespaced());
        r.put("kind", e.kind());
        r.putArray("verbs").add("create");
      }
    }
    return o;
  }

  /** A subresource served in another group's kind, as kube lists {@code deployments/scale}. */
  private static void subresource(
      ArrayNode rs,
      ResourceType t,
      String sub,
      String group,
      String version,
      String kind,
      List<String> verbs) {
    ObjectNode s = rs.addObject();
    s.put("name", t.plural() + "/" + sub);
    s.put("singularName", "");
    s.put("namespaced", t.namespaced());
    s.put("group", group);
    s.put("version", version);
    s.put("kind", kind);
    ArrayNode v = s.putArray("verbs");
    verbs.forEach(v::add);
  }
}
