package io.flotilla.kube.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.apply.ListKeys;
import io.flotilla.kube.apply.ManagedFields;
import io.flotilla.kube.apply.Patches;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.GoText;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.core.BodyChecks;
import io.flotilla.kube.printers.PrinterText;
import io.flotilla.kube.store.Selectors;
import io.flotilla.kube.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@code scale} subresource: an autoscaling/v1 {@code Scale} view of a Deployment, ReplicaSet
 * or StatefulSet, or of a custom resource whose CRD version declares {@code subresources.scale}.
 * Reads show the parent's replicas and selector; writes (PUT, every patch type, apply) change only
 * the parent's replicas and go through {@link ApiCore#updateThrough}, so admission, conflicts,
 * generation and managed fields (recorded with {@code subresource: scale}) are those of any update.
 */
final class ScaleSubresource {
  static final String NAME = "scale";

  /** The Scale kind, for decoding bodies and naming it in errors ({@code Scale.autoscaling}). */
  static final ResourceType SCALE =
      ResourceType.builtin("autoscaling", "v1", "scale", "Scale", true, false);

  /** CR scale of a parent whose replicas field is absent, so an unchanged patch can be told. */
  private static final int UNSET_REPLICAS = Integer.MIN_VALUE;

  /**
   * Where a kind keeps what its Scale shows; {@code labelSelector} is null for built-in kinds,
   * whose selector is rendered from {@code spec.selector}.
   */
  record Paths(List<String> specReplicas, List<String> statusReplicas, List<String> labelSelector) {
    boolean builtin() {
      return labelSelector == null;
    }
  }

  private static final Paths APPS =
      new Paths(List.of("spec", "replicas"), List.of("status", "replicas"), null);

  private final ApiCore core;

  ScaleSubresource(ApiCore core) {
    this.core = core;
  }

  /** Where {@code t} keeps its scale, or null when it has no scale subresource. */
  static Paths paths(ResourceType t, Store store) {
    if (!t.isCustom()) {
      return t.group().equals("apps")
              && List.of("deployments", "replicasets", "statefulsets").contains(t.plural())
          ? APPS
          : null;
    }
    ObjectNode crd =
        store.get(
            "apiextensions.k8s.io/customresourcedefinitions", "", t.plural() + "." + t.group());
    if (crd == null) {
      return null;
    }
    for (JsonNode v : crd.path("spec").path("versions")) {
      JsonNode scale = v.path("subresources").path("scale");
      if (v.path("name").asText().equals(t.version()) && scale.isObject()) {
        String selector = scale.path("labelSelectorPath").asText("");
        return new Paths(
            path(scale.path("specReplicasPath").asText()),
            path(scale.path("statusReplicasPath").asText()),
            selector.isEmpty() ? List.of() : path(selector));
      }
    }
    return null;
  }

  /** {@code .spec.replicas} → [spec, replicas] (CRD validation allows only such paths). */
  private static List<String> path(String jsonPath) {
    return Arrays.asList(jsonPath.replaceFirst("^\\.", "").split("\\."));
  }

  // ------------------------------------------------------------------ HTTP

  /** Serves GET, PUT and PATCH of {@code <parent>/scale}; the answer is a Scale (or its Table). */
  ObjectNode serve(HttpExchange ex, String method, Target target, WriteOpts opts, boolean table)
      throws IOException {
    ResourceType t = target.type();
    Paths p = paths(t, core.store);
    String ns = target.namespace();
    String name = target.name();
    ObjectNode scale =
        switch (method) {
          case "GET" -> view(t, p, core.get(t, ns, name));
          case "PUT" -> {
            ObjectNode body = Exchanges.objectBody(ex, SCALE);
            BodyChecks.kind(SCALE, body);
            String bodyName = Json.text(body, "metadata", "name");
            if (bodyName == null || !bodyName.equals(name)) {
              throw ApiException.badRequest(
                  "the name of the object ("
                      + (bodyName == null ? "" : bodyName)
                      + ") does not match the name on the URL ("
                      + name
                      + ")");
            }
            yield view(
                t,
                p,
                core.updateThrough(
                    t, ns, name, NAME, parent -> withScale(t, p, parent, body), false, opts));
          }
          case "PATCH" -> {
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            byte[] body = Exchanges.readBody(ex);
            yield view(t, p, patch(t, p, ns, name, ct, body, opts));
          }
          default -> throw ApiException.methodNotAllowed();
        };
    return table ? table(scale) : scale;
  }

  private ObjectNode patch(
      ResourceType t,
      Paths p,
      String ns,
      String name,
      String contentType,
      byte[] body,
      WriteOpts opts) {
    String ct = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase();
    if (ct.startsWith("application/apply-patch")) {
      if (opts.fieldManager() == null || opts.fieldManager().isEmpty()) {
        // the same 422 as an apply without a field manager anywhere else
        return core.patch(t, ns, name, contentType, body, false, opts);
      }
      JsonNode parsed = Json.parseYamlOrJson(body);
      if (!(parsed instanceof ObjectNode applied)) {
        throw ApiException.badRequest("apply patch must be an object");
      }
      BodyChecks.kind(SCALE, applied);
      return core.updateThrough(
          t, ns, name, NAME, parent -> applyScale(t, p, parent, applied, opts), true, opts);
    }
    JsonNode patch = Json.parse(body);
    return core.updateThrough(
        t,
        ns,
        name,
        NAME,
        parent -> {
          ObjectNode before = view(t, p, parent);
          if (!p.builtin() && at(parent, p.specReplicas()) == null) {
            Json.child(before, "spec").put("replicas", UNSET_REPLICAS);
          }
          JsonNode after =
              switch (ct) {
                case "application/json-patch+json" -> Patches.jsonPatch(before, patch);
                case "application/merge-patch+json" -> Patches.mergePatch(before, patch);
                case "application/strategic-merge-patch+json" ->
                    Patches.strategicMerge(before, patch, new ListKeys(SCALE));
                default ->
                    throw ApiException.unsupportedMediaType(
                        "the body of the request was in an unknown format - accepted media types"
                            + " include: application/json-patch+json,"
                            + " application/merge-patch+json, application/apply-patch+yaml,"
                            + " application/strategic-merge-patch+json");
              };
          if (!(after instanceof ObjectNode patched)) {
            throw ApiException.badRequest("the patched object is not a JSON object");
          }
          return withScale(t, p, parent, patched);
        },
        false,
        opts);
  }

  // ------------------------------------------------------------------ the view and its inverse

  /** The Scale a parent shows, as kube-apiserver builds it (only these metadata fields). */
  static ObjectNode view(ResourceType t, Paths p, ObjectNode parent) {
    ObjectNode s = Json.object();
    s.put("kind", "Scale");
    s.put("apiVersion", "autoscaling/v1");
    ObjectNode m = s.putObject("metadata");
    for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      JsonNode v = parent.path("metadata").get(f);
      if (v != null) {
        m.set(f, v);
      }
    }
    ObjectNode spec = s.putObject("spec");
    long replicas = integer(at(parent, p.specReplicas()));
    if (replicas != 0) {
      spec.put("replicas", replicas);
    }
    ObjectNode status = s.putObject("status");
    status.put("replicas", integer(at(parent, p.statusReplicas())));
    String selector;
    if (p.builtin()) {
      selector = selectorString(Json.at(parent, "spec", "selector"));
    } else {
      JsonNode sel = p.labelSelector().isEmpty() ? null : at(parent, p.labelSelector());
      selector = sel != null && sel.isTextual() ? sel.asText() : "";
    }
    if (!selector.isEmpty()) {
      status.put("selector", selector);
    }
    return s;
  }

  private static long integer(JsonNode n) {
    return n != null && n.isIntegralNumber() ? n.asLong() : 0;
  }

  /** The parent with the replicas a (new) Scale asks for, after kube's checks on that Scale. */
  static ObjectNode withScale(ResourceType t, Paths p, ObjectNode parent, ObjectNode scale) {
    String name = Json.text(parent, "metadata", "name");
    JsonNode r = Json.at(scale, "spec", "replicas");
    if (r != null && !r.isNull() && !(r.isIntegralNumber() && r.canConvertToInt())) {
      throw ApiException.badRequest(
          "json: cannot unmarshal "
              + (r.isNumber() ? "number " + r.asText() : r.isTextual() ? "string" : "object")
              + " into Go struct field ScaleSpec.spec.replicas of type int32");
    }
    long replicas = r == null || r.isNull() ? 0 : r.asLong();
    if (!p.builtin() && replicas == UNSET_REPLICAS) {
      throw ApiException.badRequest(
          "the spec replicas field \"."
              + String.join(".", p.specReplicas())
              + "\" cannot be empty");
    }
    if (p.builtin() && replicas < 0) {
      throw ApiException.invalid(
          SCALE,
          name,
          List.of(
              FieldErrors.invalid(
                  "spec.replicas",
                  Json.F.numberNode(replicas),
                  "must be greater than or equal to 0")));
    }
    String uid = Json.text(scale, "metadata", "uid");
    String parentUid = Json.text(parent, "metadata", "uid");
    if (p.builtin() && uid != null && !uid.isEmpty() && !uid.equals(parentUid)) {
      String resource = t.plural() + "/" + NAME;
      throw new ApiException(
          409,
          "Conflict",
          "Operation cannot be fulfilled on "
              + resource
              + "."
              + t.group()
              + " "
              + GoText.quote(name)
              + ": Precondition failed: UID in precondition: "
              + uid
              + ", UID in object meta: "
              + parentUid,
          name,
          t.group(),
          resource,
          List.of());
    }
    requireCurrentVersion(t, name, parent, scale);
    ObjectNode n = parent.deepCopy();
    set(n, p.specReplicas(), Json.F.numberNode(replicas));
    return n;
  }

  /** A Scale that names a resourceVersion is written only against the parent's current one. */
  private static void requireCurrentVersion(
      ResourceType t, String name, ObjectNode parent, JsonNode scale) {
    String rv = Json.text(scale, "metadata", "resourceVersion");
    if (rv != null
        && !rv.isEmpty()
        && !rv.equals(Json.text(parent, "metadata", "resourceVersion"))) {
      throw ApiException.conflict(t, name);
    }
  }

  /** Server-side apply of a Scale: the parent-shaped apply of its replicas, under "scale". */
  private static ObjectNode applyScale(
      ResourceType t, Paths p, ObjectNode parent, ObjectNode applied, WriteOpts opts) {
    String name = Json.text(parent, "metadata", "name");
    requireCurrentVersion(t, name, parent, applied);
    ObjectNode asParent = Json.object();
    asParent.put("apiVersion", t.apiVersion());
    asParent.put("kind", t.kind());
    Json.meta(asParent).put("name", name);
    JsonNode replicas = Json.at(applied, "spec", "replicas");
    if (replicas != null && !replicas.isNull()) {
      ObjectNode check = withScale(t, p, parent, applied);
      set(asParent, p.specReplicas(), at(check, p.specReplicas()));
    }
    return ManagedFields.apply(parent, asParent, t, opts.fieldManager(), opts.force(), NAME, name);
  }

  private static JsonNode at(JsonNode obj, List<String> path) {
    return Json.at(obj, path.toArray(String[]::new));
  }

  private static void set(ObjectNode obj, List<String> path, JsonNode value) {
    ObjectNode n = obj;
    for (String f : path.subList(0, path.size() - 1)) {
      n = Json.child(n, f);
    }
    n.set(path.get(path.size() - 1), value);
  }

  // ------------------------------------------------------------------ selector and table

  /** metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, values sorted. */
  static String selectorString(JsonNode sel) {
    List<String> reqs = new ArrayList<>(Selectors.requirementTexts(sel));
    reqs.removeIf(Objects::isNull);
    return String.join(",", reqs);
  }

  /** The Table kube-apiserver prints a Scale as: Name, Desired, Available, Age. */
  static ObjectNode table(ObjectNode scale) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", Json.text(scale, "metadata", "resourceVersion"));
    ArrayNode cols = table.putArray("columnDefinitions");
    column(
        cols,
        "Name",
        "string",
        "Name must be unique within a namespace. Is required when creating resources, although"
            + " some resources may allow a client to request the generation of an appropriate name"
            + " automatically. Name is primarily intended for creation idempotence and configuration"
            + " definition. Cannot be updated. More info:"
            + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");
    column(
        cols,
        "Desired",
        "integer",
        "replicas is the desired number of instances for the scaled object.");
    column(
        cols,
        "Available",
        "integer",
        "replicas is the actual number of observed instances of the scaled object.");
    column(
        cols,
        "Age",
        "string",
        "CreationTimestamp is a timestamp representing the server time when this object was"
            + " created. It is not guaranteed to be set in happens-before order across separate"
            + " operations. Clients may not set this value. It is represented in RFC3339 form and is"
            + " in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
    ObjectNode row = table.putArray("rows").addObject();
    ArrayNode cells = row.putArray("cells");
    cells.add(Json.text(scale, "metadata", "name"));
    cells.add(scale.path("spec").path("replicas").asLong(0));
    cells.add(scale.path("status").path("replicas").asLong(0));
    cells.add(PrinterText.age(scale, java.time.Instant.now()));
    ObjectNode partial = row.putObject("object");
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", scale.get("metadata"));
    return table;
  }

  private static void column(ArrayNode cols, String name, String type, String description) {
    ObjectNode c = cols.addObject();
    c.put("name", name);
    c.put("type", type);
    c.put("format", "");
    c.put("description", description);
    c.put("priority", 0);
  }
}
