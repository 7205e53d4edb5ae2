package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.Admission;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.apply.ListKeys;
import io.flotilla.kube.apply.ManagedFields;
import io.flotilla.kube.apply.Patches;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.List;

/**
 * The PATCH verb by content type: JSON patch, merge patch, strategic merge (built-in kinds only)
 * and server-side apply (which creates a missing object). The result goes through the core's create
 * or update path, so every rule of those holds for a patch too.
 */
final class Patcher {
  private static final String ACCEPTED_CUSTOM =
      "the body of the request was in an unknown format - accepted media types include:"
          + " application/json-patch+json, application/merge-patch+json,"
          + " application/apply-patch+yaml";

  private final ApiCore core;

  Patcher(ApiCore core) {
    this.core = core;
  }

  ObjectNode patch(
      ResourceType t,
      String ns,
      String name,
      String contentType,
      byte[] body,
      boolean status,
      WriteOpts o) {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
    boolean isApply =
        ct.equals("application/apply-patch+yaml") || ct.equals("application/apply-patch+json");
    // Parsing needs no lock; a missing fieldManager is still reported before a malformed body.
    JsonNode parsed =
        isApply && o.fieldManager() != null && !o.fieldManager().isEmpty()
            ? Json.parseYamlOrJson(body)
            : null;
    synchronized (core.store.lock) {
      ObjectNode old = core.store.get(t.storageKey(), ApiCore.scope(t, ns), name);
      if (isApply) {
        return apply(t, ns, name, old, body, parsed, status, o);
      }
      if (old == null) {
        throw ApiException.notFound(t, name);
      }
      old = ApiCore.view(t, old);
      JsonNode candidate =
          switch (ct) {
            case "application/json-patch+json" -> Patches.jsonPatch(old, Json.parse(body));
            case "application/merge-patch+json" -> Patches.mergePatch(old, Json.parse(body));
            case "application/strategic-merge-patch+json" -> {
              if (t.isCustom()) {
                throw ApiException.unsupportedMediaType(ACCEPTED_CUSTOM);
              }
              yield Patches.strategicMerge(old, Json.parse(body), new ListKeys(t));
            }
            default ->
                throw ApiException.unsupportedMediaType(
                    ACCEPTED_CUSTOM + ", application/strategic-merge-patch+json");
          };
      if (!(candidate instanceof ObjectNode co)) {
        throw ApiException.badRequest("the patched object is not a JSON object");
      }
      BodyChecks.resourceVersion(t, name, co, old);
      BodyChecks.name(co, name);
      return core.finishUpdate(t, old, co, status ? "status" : null, o, null);
    }
  }

  private ObjectNode apply(
      ResourceType t,
      String ns,
      String name,
      ObjectNode old,
      byte[] body,
      JsonNode parsedBody,
      boolean status,
      WriteOpts o) {
    ObjectNode applied = appliedObject(t, name, body, parsedBody, o);
    if (old == null) {
      if (status) {
        throw ApiException.notFound(t, name);
      }
      String rv = Json.text(applied, "metadata", "resourceVersion");
      if (rv != null && !rv.isEmpty()) {
        throw ApiException.conflict(t, name);
      }
      ObjectNode merged =
          ManagedFields.apply(null, applied, t, o.fieldManager(), o.force(), null, name);
      List<ManagedFields.Entry> entries = ManagedFields.read(merged);
      Json.meta(merged).put("name", name);
      ObjectNode obj = core.prepareCreate(t, ns, merged);
      Admission.create(t, obj, o, true);
      ManagedFields.write(obj, entries);
      return core.commitCreate(t, obj, o.dryRun());
    }
    old = ApiCore.view(t, old);
    BodyChecks.resourceVersion(t, name, applied, old);
    String sub = status ? "status" : null;
    ObjectNode merged =
        ManagedFields.apply(old, applied, t, o.fieldManager(), o.force(), sub, name);
    return core.finishUpdate(t, old, merged, sub, o, ManagedFields.read(merged));
  }

  /** The apply configuration, checked as kube-apiserver checks it before merging. */
  private static ObjectNode appliedObject(
      ResourceType t, String name, byte[] body, JsonNode parsedBody, WriteOpts o) {
    if (o.fieldManager() == null || o.fieldManager().isEmpty()) {
      throw new ApiException(
          422,
          "Invalid",
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for"
              + " apply patch",
          null,
          "meta.k8s.io",
          "PatchOptions",
          List.of(
              new ApiException.Cause(
                  "FieldValueRequired",
                  "Required value: is required for apply patch",
                  "fieldManager")));
    }
    JsonNode parsed = parsedBody != null ? parsedBody : Json.parseYamlOrJson(body);
    if (!(parsed instanceof ObjectNode applied)) {
      throw ApiException.badRequest("apply patch must be an object");
    }
    BodyChecks.kind(t, applied);
    if (!applied.hasNonNull("apiVersion") || !applied.hasNonNull("kind")) {
      throw ApiException.badRequest(
          "error decoding YAML: Object 'Kind' is missing in '" + Json.write(applied) + "'");
    }
    BodyChecks.name(applied, name);
    if (applied.get("metadata") instanceof ObjectNode am && am.has("managedFields")) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
    return applied;
  }
}
