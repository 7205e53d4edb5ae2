package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.List;
import java.util.Locale;

/**
 * The operations of the served resources, as kube-apiserver describes them: one per path and verb,
 * with its operationId, {@code x-kubernetes-action}, {@code x-kubernetes-group-version-kind} and
 * query parameters. kubectl reads the group-version-kind to find a resource's schema ({@code
 * explain}) and the PATCH parameters to learn that the server validates fields itself ({@code
 * fieldValidation}), so it does not validate client-side.
 */
public final class OpenApiPaths {
  private OpenApiPaths() {}

  private enum Param {
    PRETTY("pretty", "string"),
    DRY_RUN("dryRun", "string"),
    FIELD_MANAGER("fieldManager", "string"),
    FIELD_VALIDATION("fieldValidation", "string"),
    FORCE("force", "boolean"),
    ALLOW_WATCH_BOOKMARKS("allowWatchBookmarks", "boolean"),
    CONTINUE("continue", "string"),
    FIELD_SELECTOR("fieldSelector", "string"),
    LABEL_SELECTOR("labelSelector", "string"),
    LIMIT("limit", "integer"),
    RESOURCE_VERSION("resourceVersion", "string"),
    RESOURCE_VERSION_MATCH("resourceVersionMatch", "string"),
    SEND_INITIAL_EVENTS("sendInitialEvents", "boolean"),
    TIMEOUT_SECONDS("timeoutSeconds", "integer"),
    WATCH("watch", "boolean"),
    GRACE_PERIOD_SECONDS("gracePeriodSeconds", "integer"),
    ORPHAN_DEPENDENTS("orphanDependents", "boolean"),
    PROPAGATION_POLICY("propagationPolicy", "string");

    final String wire;
    final String type;

    Param(String wire, String type) {
      this.wire = wire;
      this.type = type;
    }
  }

  private static final List<Param> LIST =
      List.of(
          Param.ALLOW_WATCH_BOOKMARKS,
          Param.CONTINUE,
          Param.FIELD_SELECTOR,
          Param.LABEL_SELECTOR,
          Param.LIMIT,
          Param.PRETTY,
          Param.RESOURCE_VERSION,
          Param.RESOURCE_VERSION_MATCH,
          Param.SEND_INITIAL_EVENTS,
          Param.TIMEOUT_SECONDS,
          Param.WATCH);
  private static final List<Param> WRITE =
      List.of(Param.DRY_RUN, Param.FIELD_MANAGER, Param.FIELD_VALIDATION, Param.PRETTY);
  private static final List<Param> PATCH =
      List.of(
          Param.DRY_RUN, Param.FIELD_MANAGER, Param.FIELD_VALIDATION, Param.FORCE, Param.PRETTY);
  private static final List<Param> DELETE =
      List.of(
          Param.DRY_RUN,
          Param.GRACE_PERIOD_SECONDS,
          Param.ORPHAN_DEPENDENTS,
          Param.PRETTY,
          Param.PROPAGATION_POLICY);
  private static final List<Param> DELETE_COLLECTION =
      List.of(
          Param.CONTINUE,
          Param.DRY_RUN,
          Param.FIELD_SELECTOR,
          Param.GRACE_PERIOD_SECONDS,
          Param.LABEL_SELECTOR,
          Param.LIMIT,
          Param.ORPHAN_DEPENDENTS,
          Param.PRETTY,
          Param.PROPAGATION_POLICY,
          Param.RESOURCE_VERSION,
          Param.RESOURCE_VERSION_MATCH,
          Param.SEND_INITIAL_EVENTS,
          Param.TIMEOUT_SECONDS);

  /**
   * Adds the paths of {@code t} to {@code paths}.
   *
   * @param kind the kind's definition name, or null when it has none (no body schema then)
   * @param list the list kind's definition name, or null
   */
  public static void add(ObjectNode paths, ResourceType t, String kind, String list, boolean v2) {
    Ops ops = new Ops(t, v2);
    String prefix = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.apiVersion();
    String base = prefix + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
    if (t.namespaced()) {
      ObjectNode all = paths.putObject(prefix + "/" + t.plural());
      all.set("get", ops.op("list", "list", "ForAllNamespaces", false, list, null, LIST));
    }
    ObjectNode collection = paths.putObject(base);
    collection.set("get", ops.op("list", "list", "", t.namespaced(), list, null, LIST));
    collection.set("post", ops.op("post", "create", "", t.namespaced(), kind, kind, WRITE));
    collection.set(
        "delete",
        ops.op(
            "deletecollection",
            "deleteCollection",
            "",
            t.namespaced(),
            OpenApiDefinitions.STATUS,
            OpenApiDefinitions.DELETE_OPTIONS,
            DELETE_COLLECTION));
    item(paths.putObject(base + "/{name}"), ops, "", kind);
    if (t.hasStatus()) {
      item(paths.putObject(base + "/{name}/status"), ops, "Status", kind);
    }
  }

  private static void item(ObjectNode path, Ops ops, String subresource, String kind) {
    boolean ns = ops.t.namespaced();
    path.set("get", ops.op("get", "read", subresource, ns, kind, null, List.of(Param.PRETTY)));
    path.set("put", ops.op("put", "replace", subresource, ns, kind, kind, WRITE));
    path.set(
        "patch", ops.op("patch", "patch", subresource, ns, kind, OpenApiDefinitions.PATCH, PATCH));
    if (subresource.isEmpty()) {
      path.set(
          "delete",
          ops.op(
              "delete",
              "delete",
              "",
              ns,
              OpenApiDefinitions.STATUS,
              OpenApiDefinitions.DELETE_OPTIONS,
              DELETE));
    }
  }

  /** Builds the operations of one resource. */
  private record Ops(ResourceType t, boolean v2) {
    ObjectNode op(
        String action,
        String verb,
        String suffix,
        boolean namespaced,
        String response,
        String body,
        List<Param> params) {
      ObjectNode op = Json.object();
      boolean allNamespaces = suffix.equals("ForAllNamespaces");
      String sub = allNamespaces ? "" : suffix;
      op.put(
          "operationId",
          (verb.equals("deleteCollection") ? "delete" : verb)
              + groupVersionId()
              + (verb.equals("deleteCollection") ? "Collection" : "")
              + (namespaced ? "Namespaced" : "")
              + t.kind()
              + sub
              + (allNamespaces ? "ForAllNamespaces" : ""));
      ArrayNode ps = op.putArray("parameters");
      if (v2 && body != null) {
        ObjectNode b = ps.addObject();
        b.put("in", "body");
        b.put("name", "body");
        b.put("required", !action.equals("delete") && !action.equals("deletecollection"));
        b.set("schema", ref(body));
      }
      if (namespaced) {
        pathParam(ps, "namespace");
      }
      if (action.equals("get")
          || action.equals("put")
          || action.equals("patch")
          || action.equals("delete")) {
        pathParam(ps, "name");
      }
      for (Param p : params) {
        ObjectNode q = ps.addObject();
        q.put("in", "query");
        q.put("name", p.wire);
        type(q, p.type);
      }
      if (!v2 && body != null) {
        ObjectNode content = op.putObject("requestBody").putObject("content");
        for (String media : consumes(action)) {
          content.putObject(media).set("schema", ref(body));
        }
        op.with("requestBody").put("required", !action.startsWith("delete"));
      }
      if (v2) {
        ArrayNode c = op.putArray("consumes");
        consumes(action).forEach(c::add);
      }
      ObjectNode ok = op.putObject("responses").putObject("200");
      ok.put("description", "OK");
      if (response != null) {
        if (v2) {
          ok.set("schema", ref(response));
        } else {
          ok.putObject("content").putObject("application/json").set("schema", ref(response));
        }
      }
      op.with("responses").putObject("401").put("description", "Unauthorized");
      op.putArray("tags").add(tag());
      op.put("x-kubernetes-action", action);
      ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
      gvk.put("group", t.group());
      gvk.put("kind", t.kind());
      gvk.put("version", t.version());
      return op;
    }

    private void pathParam(ArrayNode ps, String name) {
      ObjectNode p = ps.addObject();
      p.put("in", "path");
      p.put("name", name);
      p.put("required", true);
      type(p, "string");
    }

    private void type(ObjectNode param, String type) {
      ObjectNode target = v2 ? param : param.putObject("schema");
      target.put("type", type);
      target.put("uniqueItems", true);
    }

    private ObjectNode ref(String name) {
      ObjectNode r = Json.object();
      r.put("$ref", (v2 ? BuiltinSchemas.REF_V2 : OpenApiV3.REF) + name);
      return r;
    }

    private static List<String> consumes(String action) {
      return action.equals("patch")
          ? List.of(
              "application/json-patch+json",
              "application/merge-patch+json",
              "application/strategic-merge-patch+json",
              "application/apply-patch+yaml")
          : List.of("*/*");
    }

    /** {@code AppsV1}, {@code CoreV1}, {@code RbacAuthorizationV1}, as kube-apiserver names. */
    private String groupVersionId() {
      StringBuilder sb = new StringBuilder();
      for (String part : groupName().split("[.-]")) {
        sb.append(capitalize(part));
      }
      return sb.append(capitalize(t.version())).toString();
    }

    private String tag() {
      return groupName().replace('.', '_').replace('-', '_') + "_" + t.version();
    }

    private String groupName() {
      String g = t.group();
      if (g.isEmpty()) {
        return "core";
      }
      return g.endsWith(".k8s.io") ? g.substring(0, g.length() - ".k8s.io".length()) : g;
    }

    private static String capitalize(String s) {
      return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
  }
}
