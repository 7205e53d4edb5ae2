package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of an OpenAPI schema a strategic merge patch needs: for each field its sub-schema, and
 * for a list its patch strategy and merge keys ({@code x-kubernetes-list-map-keys}, else {@code
 * x-kubernetes-patch-merge-key}). A list whose strategy lacks {@code merge}, or that has no schema,
 * is replaced by the patch.
 *
 * <p>{@link #BUILTIN} covers the merge lists of the Kubernetes kinds kustomize's embedded schema
 * knows; a kustomization's {@code openapi} field replaces it with a schema file ({@link
 * #fromOpenApi}), as kustomize does.
 */
final class MergeSchema {
  /** One schema node. */
  interface Node {
    /** The schema of a map field, or null when the schema does not know it. */
    Node field(String name);

    /** The schema of a list's elements, or null. */
    Node items();

    /** {@code x-kubernetes-patch-strategy}, e.g. {@code merge} or {@code merge,retainKeys}. */
    String strategy();

    /** The merge keys of a list; empty for a list of scalars. */
    List<String> keys();

    default boolean merges() {
      return List.of(strategy().split(",")).contains("merge");
    }
  }

  private record Fixed(Map<String, Node> fields, Node items, String strategy, List<String> keys)
      implements Node {
    @Override
    public Node field(String name) {
      return fields.get(name);
    }
  }

  private static Node map(Object... nameThenNode) {
    Map<String, Node> fields = new HashMap<>();
    for (int i = 0; i < nameThenNode.length; i += 2) {
      fields.put((String) nameThenNode[i], (Node) nameThenNode[i + 1]);
    }
    return new Fixed(fields, null, "", List.of());
  }

  private static Node mergeList(Node items, String... keys) {
    return new Fixed(Map.of(), items, "merge", List.of(keys));
  }

  private static final Node OBJECT_META =
      map("finalizers", mergeList(null), "ownerReferences", mergeList(null, "uid"));
  private static final Node CONTAINER =
      map(
          "ports", mergeList(null, "containerPort", "protocol"),
          "env", mergeList(null, "name"),
          "volumeMounts", mergeList(null, "mountPath"),
          "volumeDevices", mergeList(null, "devicePath"));
  private static final Node POD_SPEC =
      map(
          "containers", mergeList(CONTAINER, "name"),
          "initContainers", mergeList(CONTAINER, "name"),
          "ephemeralContainers", mergeList(CONTAINER, "name"),
          "volumes", new Fixed(Map.of(), null, "merge,retainKeys", List.of("name")),
          "imagePullSecrets", mergeList(null, "name"),
          "hostAliases", mergeList(null, "ip"),
          "topologySpreadConstraints", mergeList(null, "topologyKey", "whenUnsatisfiable"));
  private static final Node POD_TEMPLATE = map("metadata", OBJECT_META, "spec", POD_SPEC);
  private static final Node WORKLOAD =
      map("metadata", OBJECT_META, "spec", map("template", POD_TEMPLATE));

  private static final Set<String> BUILTIN_GROUPS =
      Set.of(
          "",
          "apps",
          "batch",
          "extensions",
          "policy",
          "autoscaling",
          "networking.k8s.io",
          "rbac.authorization.k8s.io",
          "storage.k8s.io",
          "scheduling.k8s.io",
          "admissionregistration.k8s.io",
          "apiextensions.k8s.io",
          "apiregistration.k8s.io",
          "coordination.k8s.io",
          "discovery.k8s.io",
          "node.k8s.io",
          "certificates.k8s.io",
          "events.k8s.io",
          "flowcontrol.apiserver.k8s.io");

  private static final Map<String, Node> BUILTIN_KINDS = new HashMap<>();

  static {
    for (String kind :
        List.of(
            "Deployment",
            "ReplicaSet",
            "StatefulSet",
            "DaemonSet",
            "ReplicationController",
            "Job")) {
      BUILTIN_KINDS.put(kind, WORKLOAD);
    }
    BUILTIN_KINDS.put("Pod", map("metadata", OBJECT_META, "spec", POD_SPEC));
    BUILTIN_KINDS.put("PodTemplate", map("metadata", OBJECT_META, "template", POD_TEMPLATE));
    BUILTIN_KINDS.put(
        "CronJob",
        map(
            "metadata",
            OBJECT_META,
            "spec",
            map(
                "jobTemplate",
                map("metadata", OBJECT_META, "spec", map("template", POD_TEMPLATE)))));
    BUILTIN_KINDS.put(
        "Service",
        map("metadata", OBJECT_META, "spec", map("ports", mergeList(null, "port", "protocol"))));
    BUILTIN_KINDS.put(
        "ServiceAccount", map("metadata", OBJECT_META, "secrets", mergeList(null, "name")));
    Node webhooks = map("metadata", OBJECT_META, "webhooks", mergeList(null, "name"));
    BUILTIN_KINDS.put("MutatingWebhookConfiguration", webhooks);
    BUILTIN_KINDS.put("ValidatingWebhookConfiguration", webhooks);
  }

  private static final Node PLAIN_BUILTIN = map("metadata", OBJECT_META);

  /** kustomize's built-in schema. */
  static final MergeSchema BUILTIN = new MergeSchema(null);

  private final Map<String, Node> custom;

  private MergeSchema(Map<String, Node> custom) {
    this.custom = custom;
  }

  /** The schema of a resource type, or null when the schema does not know it. */
  Node forType(String apiVersion, String kind) {
    if (apiVersion == null || apiVersion.isEmpty() || kind == null || kind.isEmpty()) {
      return null;
    }
    if (custom != null) {
      return custom.get(apiVersion + "/" + kind);
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    if (!BUILTIN_GROUPS.contains(group)) {
      return null;
    }
    return BUILTIN_KINDS.getOrDefault(kind, PLAIN_BUILTIN);
  }

  /**
   * A schema from an OpenAPI (swagger 2) document: each definition that names its type with {@code
   * x-kubernetes-group-version-kind}; {@code $ref}s resolve within {@code definitions}.
   */
  static MergeSchema fromOpenApi(JsonNode doc) {
    JsonNode definitions = doc.path("definitions");
    Map<String, Node> types = new HashMap<>();
    for (var it = definitions.fields(); it.hasNext(); ) {
      var e = it.next();
      for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
        String group = gvk.path("group").asText("");
        String version = gvk.path("version").asText("");
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        types.put(
            apiVersion + "/" + gvk.path("kind").asText(""),
            new OpenApiNode(definitions, e.getValue()));
      }
    }
    return new MergeSchema(types);
  }

  private record OpenApiNode(JsonNode definitions, JsonNode schema) implements Node {
    private static JsonNode resolve(JsonNode definitions, JsonNode s) {
      for (int depth = 0; depth < 32 && s.has("$ref"); depth++) {
        String ref = s.path("$ref").asText();
        String prefix = "#/definitions/";
        if (!ref.startsWith(prefix)) return null;
        s = definitions.get(ref.substring(prefix.length()));
        if (s == null) return null;
      }
      return s;
    }

    private Node child(JsonNode s) {
      if (s == null || s.isMissingNode()) return null;
      JsonNode r = resolve(definitions, s);
      return r == null ? null : new OpenApiNode(definitions, r);
    }

    @Override
    public Node field(String name) {
      JsonNode p = schema.path("properties").get(name);
      if (p != null) return child(p);
      JsonNode additional = schema.get("additionalProperties");
      return additional != null && additional.isObject() ? child(additional) : null;
    }

    @Override
    public Node items() {
      return child(schema.get("items"));
    }

    @Override
    public String strategy() {
      return schema.path("x-kubernetes-patch-strategy").asText("");
    }

    @Override
    public List<String> keys() {
      if (strategy().isEmpty()) return List.of();
      List<String> out = new ArrayList<>();
      JsonNode mapKeys = schema.get("x-kubernetes-list-map-keys");
      if (mapKeys != null && mapKeys.isArray()) {
        mapKeys.forEach(k -> out.add(k.asText()));
        return out;
      }
      JsonNode key = schema.get("x-kubernetes-patch-merge-key");
      if (key != null) out.add(key.asText());
      return out;
    }
  }
}
