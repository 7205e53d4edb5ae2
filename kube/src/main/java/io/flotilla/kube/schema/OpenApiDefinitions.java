package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The named schemas a set of served types needs, in OpenAPI v2 form ({@code #/definitions/}
 * references): each built-in kind and its list with everything they reference, each CRD version's
 * kind and list, and what the operations name (Status, Patch, DeleteOptions). Kinds carry {@code
 * x-kubernetes-group-version-kind}, which is how kubectl finds a kind's schema.
 */
public final class OpenApiDefinitions {
  static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
  static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
  static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";

  private OpenApiDefinitions() {}

  /** The kind's definition name, or null when no schema is known for it. */
  public static String kindName(ResourceType t, BuiltinSchemas builtin) {
    if (t.isCustom()) {
      return CrdOpenApi.definitionName(t.group(), t.version(), t.kind());
    }
    return builtin.nameOf(t.group(), t.version(), t.kind());
  }

  /** The list kind's definition name, or null. */
  public static String listName(ResourceType t, BuiltinSchemas builtin) {
    if (t.isCustom()) {
      return CrdOpenApi.definitionName(t.group(), t.version(), t.listKind());
    }
    return builtin.nameOf(t.group(), t.version(), t.listKind());
  }

  /** Definitions by name, sorted as kube-apiserver writes them. */
  public static Map<String, ObjectNode> of(Collection<ResourceType> types, boolean v2) {
    BuiltinSchemas builtin = BuiltinSchemas.get();
    Map<String, ObjectNode> out = new TreeMap<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(STATUS);
    pending.add(PATCH);
    pending.add(DELETE_OPTIONS);
    for (ResourceType t : types) {
      if (t.isCustom()) {
        for (Map.Entry<String, ObjectNode> e : CrdOpenApi.definitions(t, v2, builtin).entrySet()) {
          out.put(e.getKey(), e.getValue());
          references(e.getValue(), pending);
        }
        continue;
      }
      tagged(builtin, kindName(t, builtin), t.group(), t.version(), t.kind(), out, pending);
      tagged(builtin, listName(t, builtin), t.group(), t.version(), t.listKind(), out, pending);
    }
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (out.containsKey(name)) {
        continue;
      }
      ObjectNode def = builtin.definition(name);
      if (def != null) {
        out.put(name, def);
        references(def, pending);
      }
    }
    return out;
  }

  private static void tagged(
      BuiltinSchemas builtin,
      String name,
      String group,
      String version,
      String kind,
      Map<String, ObjectNode> out,
      Deque<String> pending) {
    if (name == null || out.containsKey(name)) {
      return;
    }
    ObjectNode def = builtin.definition(name);
    CrdOpenApi.gvk(def, group, version, kind);
    out.put(name, def);
    references(def, pending);
  }

  /** Adds the definition names {@code node} refers to. */
  public static void references(JsonNode node, Deque<String> into) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith(BuiltinSchemas.REF_V2)) {
        into.add(ref.asText().substring(BuiltinSchemas.REF_V2.length()));
      }
      node.forEach(child -> references(child, into));
    } else if (node.isArray()) {
      node.forEach(child -> references(child, into));
    }
  }
}
