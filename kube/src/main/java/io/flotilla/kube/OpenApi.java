package io.flotilla.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A minimal OpenAPI v3 surface: one document per group/version listing each resource's paths with
 * their verbs and query parameters. kubectl reads it to learn that the server validates fields
 * itself ({@code fieldValidation}), so it need not download schemas to validate client-side.
 */
final class OpenApi {
  private final Registry registry;

  OpenApi(Registry registry) {
    this.registry = registry;
  }

  ObjectNode root() {
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
      for (String v : g.getValue()) {
        String key = g.getKey().isEmpty() ? "api/" + v : "apis/" + g.getKey() + "/" + v;
        ObjectNode doc = groupVersion(g.getKey(), v);
        paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(doc));
      }
    }
    return root;
  }

  ObjectNode groupVersion(String group, String version) {
    if (!registry.groupVersionServed(group, version)) {
      return null;
    }
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", Discovery.GIT_VERSION);
    ObjectNode paths = doc.putObject("paths");
    String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    for (ResourceType t : registry.all()) {
      if (!t.group().equals(group) || !t.version().equals(version)) {
        continue;
      }
      String base = prefix + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
      ObjectNode collection = paths.putObject(base);
      collection.set(
          "get",
          operation(
              t,
              "list",
              List.of(
                  "labelSelector",
                  "fieldSelector",
                  "limit",
                  "continue",
                  "watch",
                  "resourceVersion",
                  "timeoutSeconds",
                  "allowWatchBookmarks")));
      collection.set(
          "post", operation(t, "post", List.of("dryRun", "fieldManager", "fieldValidation")));
      collection.set(
          "delete",
          operation(
              t,
              "deletecollection",
              List.of("dryRun", "labelSelector", "fieldSelector", "propagationPolicy")));
      ObjectNode item = paths.putObject(base + "/{name}");
      item.set("get", operation(t, "get", List.of()));
      item.set("put", operation(t, "put", List.of("dryRun", "fieldManager", "fieldValidation")));
      item.set(
          "patch",
          operation(t, "patch", List.of("dryRun", "fieldManager", "fieldValidation", "force")));
      item.set(
          "delete",
          operation(t, "delete", List.of("dryRun", "propagationPolicy", "gracePeriodSeconds")));
      if (t.hasStatus()) {
        ObjectNode status = paths.putObject(base + "/{name}/status");
        status.set("get", operation(t, "get", List.of()));
        status.set(
            "put", operation(t, "put", List.of("dryRun", "fieldManager", "fieldValidation")));
        status.set(
            "patch",
            operation(t, "patch", List.of("dryRun", "fieldManager", "fieldValidation", "force")));
      }
    }
    doc.putObject("components").putObject("schemas");
    return doc;
  }

  private static ObjectNode operation(ResourceType t, String action, List<String> params) {
    ObjectNode op = Json.object();
    op.put("operationId", action + t.kind());
    op.put("x-kubernetes-action", action);
    ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
    gvk.put("group", t.group());
    gvk.put("version", t.version());
    gvk.put("kind", t.kind());
    ArrayNode ps = op.putArray("parameters");
    for (String p : params) {
      ObjectNode pn = ps.addObject();
      pn.put("name", p);
      pn.put("in", "query");
      pn.putObject("schema").put("type", "string");
      pn.put("uniqueItems", true);
    }
    op.putObject("responses").putObject("200").put("description", "OK");
    return op;
  }

  static String hash(ObjectNode doc) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-512")
              .digest(Json.write(doc).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).toUpperCase(java.util.Locale.ROOT).substring(0, 128);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
