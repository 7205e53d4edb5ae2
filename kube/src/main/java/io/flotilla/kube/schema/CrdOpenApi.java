package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI definitions apiextensions-apiserver publishes for one version of a CRD: the kind,
 * named after the reversed group ({@code io.fluxcd.toolkit.kustomize.v1.Kustomization}), is the
 * structural schema with {@code apiVersion} and {@code kind} from TypeMeta and {@code metadata} a
 * reference to ObjectMeta; beside it the {@code <Kind>List}. OpenAPI v3 gets the schema as written;
 * v2 gets it without value validations and {@code nullable}, reduced to what OpenAPI v2 and
 * kubectl's client-side validation understand.
 */
final class CrdOpenApi {
  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
  private static final String TYPE_META = "io.k8s.apimachinery.pkg.apis.meta.v1.TypeMeta";

  /** Value validations and unions (apiextensions' StripValueValidations), and nullable. */
  private static final Set<String> V2_DROPPED =
      Set.of(
          "format",
          "maximum",
          "exclusiveMaximum",
          "minimum",
          "exclusiveMinimum",
          "maxLength",
          "minLength",
          "pattern",
          "maxItems",
          "minItems",
          "uniqueItems",
          "multipleOf",
          "enum",
          "maxProperties",
          "minProperties",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "nullable");

  private CrdOpenApi() {}

  /** {@code kustomize.toolkit.fluxcd.io} → {@code io.fluxcd.toolkit.kustomize}. */
  static String definitionName(String group, String version, String kind) {
    List<String> labels = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(labels);
    return String.join(".", labels) + "." + version + "." + kind;
  }

  /** The kind's and the list's definitions, in v2 form ({@code #/definitions/} references). */
  static Map<String, ObjectNode> definitions(ResourceType t, boolean v2, BuiltinSchemas builtin) {
    String name = definitionName(t.group(), t.version(), t.kind());
    return Map.of(
        name,
        kindSchema(t, v2, builtin),
        definitionName(t.group(), t.version(), t.listKind()),
        listSchema(t, name, builtin));
  }

  private static ObjectNode kindSchema(ResourceType t, boolean v2, BuiltinSchemas builtin) {
    ObjectNode s = t.schema() instanceof ObjectNode o ? o.deepCopy() : Json.object();
    if (v2 && s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      // any property listed would make kubectl's v2 validation refuse every other field
      s = Json.object();
      s.put("type", "object");
    } else {
      if (v2) {
        toV2(s);
      }
      ObjectNode props = s.with("properties");
      props.set("apiVersion", typeMeta(builtin, "apiVersion"));
      props.set("kind", typeMeta(builtin, "kind"));
      props.set(
          "metadata", ref(OBJECT_META, description(builtin, "PartialObjectMetadata", "metadata")));
    }
    gvk(s, t.group(), t.version(), t.kind());
    return s;
  }

  private static ObjectNode listSchema(ResourceType t, String kindName, BuiltinSchemas builtin) {
    ObjectNode s = Json.object();
    s.put("description", t.listKind() + " is a list of " + t.kind());
    ObjectNode props = s.putObject("properties");
    props.set("apiVersion", typeMeta(builtin, "apiVersion"));
    ObjectNode items = props.putObject("items");
    items.put(
        "description",
        "List of "
            + t.plural()
            + ". More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
    items.put("type", "array");
    items.set("items", ref(kindName, null));
    props.set("kind", typeMeta(builtin, "kind"));
    props.set(
        "metadata", ref(LIST_META, description(builtin, "PartialObjectMetadataList", "metadata")));
    s.putArray("required").add("items");
    gvk(s, t.group(), t.version(), t.listKind());
    return s;
  }

  static void gvk(ObjectNode schema, String group, String version, String kind) {
    ArrayNode a = schema.putArray("x-kubernetes-group-version-kind");
    ObjectNode g = a.addObject();
    g.put("group", group);
    g.put("kind", kind);
    g.put("version", version);
  }

  private static ObjectNode ref(String name, String description) {
    ObjectNode r = Json.object();
    Json.putIfNotNull(r, "description", description);
    r.put("$ref", BuiltinSchemas.REF_V2 + name);
    return r;
  }

  private static JsonNode typeMeta(BuiltinSchemas builtin, String field) {
    ObjectNode def = builtin.definition(TYPE_META);
    JsonNode p = def == null ? null : def.path("properties").get(field);
    if (p != null) {
      return p;
    }
    ObjectNode s = Json.object();
    s.put("type", "string");
    return s;
  }

  private static String description(BuiltinSchemas builtin, String kind, String field) {
    ObjectNode def = builtin.definition("io.k8s.apimachinery.pkg.apis.meta.v1." + kind);
    return def == null ? null : def.path("properties").path(field).path("description").asText(null);
  }

  /**
   * apiextensions' ToStructuralOpenAPIV2 after stripping value validations and nullable: what
   * OpenAPI v2 cannot say goes, and whatever kubectl would wrongly refuse unknown fields under.
   */
  static void toV2(ObjectNode s) {
    s.remove(V2_DROPPED);
    if (s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      s.remove("items");
      s.remove("properties");
    }
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      s.remove("type");
    }
    if ("array".equals(s.path("type").asText()) && !s.has("items")) {
      s.remove("type");
    }
    if (s.get("properties") instanceof ObjectNode props) {
      props.forEach(p -> toV2IfObject(p));
    }
    toV2IfObject(s.get("items"));
    toV2IfObject(s.get("additionalProperties"));
  }

  private static void toV2IfObject(JsonNode n) {
    if (n instanceof ObjectNode o) {
      toV2(o);
    }
  }
}
