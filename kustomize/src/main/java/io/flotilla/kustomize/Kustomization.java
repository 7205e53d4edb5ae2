package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed kustomization (or Component) file: its fields, checked by name and type on load. */
final class Kustomization {
  static final List<String> FILE_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private static final Set<String> FIELDS =
      Set.of(
          "apiVersion",
          "kind",
          "metadata",
          "openapi",
          "namePrefix",
          "nameSuffix",
          "namespace",
          "commonLabels",
          "labels",
          "commonAnnotations",
          "patchesStrategicMerge",
          "patchesJson6902",
          "patches",
          "images",
          "imageTags",
          "replacements",
          "replicas",
          "vars",
          "sortOptions",
          "resources",
          "components",
          "crds",
          "bases",
          "configMapGenerator",
          "secretGenerator",
          "helmGlobals",
          "helmCharts",
          "helmChartInflationGenerator",
          "generatorOptions",
          "configurations",
          "generators",
          "transformers",
          "validators",
          "buildMetadata");

  final ObjectNode node;
  final String file;
  final boolean component;

  private Kustomization(ObjectNode node, String file, boolean component) {
    this.node = node;
    this.file = file;
    this.component = component;
  }

  static Kustomization of(ObjectNode node, String file) {
    return new Kustomization(node, file, false);
  }

  static Kustomization parse(String text, String file) throws KustomizeException {
    List<YamlCodec.Document> docs;
    try {
      docs = YamlCodec.parse(text, file, true);
    } catch (KustomizeException e) {
      String syntax = YamlCodec.kustomizationSyntaxError(text, file);
      throw invalid(syntax != null ? syntax : e.getMessage());
    }
    if (docs.isEmpty()) {
      return new Kustomization(JsonNodeFactory.instance.objectNode(), file, false);
    }
    if (docs.size() > 1 || !(docs.get(0).node() instanceof ObjectNode obj)) {
      throw invalid("expected a single map in " + file);
    }
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw invalid("json: unknown field \"" + field + "\"");
      }
    }
    String kind = obj.path("kind").asText("");
    String apiVersion = obj.path("apiVersion").asText("");
    boolean component = kind.equals("Component");
    if (!kind.isEmpty() && !kind.equals("Kustomization") && !component) {
      throw invalid("kind should be Kustomization or Component, got '" + kind + "'");
    }
    if (component && !apiVersion.equals("kustomize.config.k8s.io/v1alpha1")) {
      throw new KustomizeException(
          "apiVersion for Component should be kustomize.config.k8s.io/v1alpha1");
    }
    if (kind.equals("Kustomization")
        && !apiVersion.isEmpty()
        && !apiVersion.equals("kustomize.config.k8s.io/v1beta1")) {
      throw new KustomizeException(
          "apiVersion for Kustomization should be kustomize.config.k8s.io/v1beta1");
    }
    return new Kustomization(obj, file, component);
  }

  /**
   * kustomize refuses a kustomization whose fields (apiVersion and kind aside) all hold their zero
   * value: absent, null, "", false or 0. An empty list or map is not zero.
   */
  void refuseEmpty() throws KustomizeException {
    for (var it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equals("apiVersion") || e.getKey().equals("kind")) continue;
      JsonNode v = e.getValue();
      boolean zero =
          v.isNull()
              || (v.isTextual() && v.asText().isEmpty())
              || (v.isBoolean() && !v.asBoolean())
              || (v.isNumber() && v.asDouble() == 0);
      if (!zero) return;
    }
    String name = file.substring(file.lastIndexOf('/') + 1);
    throw new KustomizeException(name + " is empty");
  }

  static KustomizeException invalid(String problem) {
    return new KustomizeException("invalid Kustomization: " + problem);
  }

  /** Go's message for {@code n} where {@code where} (a struct field) wants {@code goType}. */
  static KustomizeException cannotUnmarshal(JsonNode n, String where, String goType) {
    return invalid(
        "json: cannot unmarshal "
            + jsonType(n)
            + " into Go struct field "
            + where
            + " of type "
            + goType);
  }

  // ---- typed accessors; each names the field on a type error

  String text(String field) throws KustomizeException {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) {
      throw cannotUnmarshal(n, "Kustomization." + field, "string");
    }
    return n.asText();
  }

  List<String> strings(String field) throws KustomizeException {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) {
      throw cannotUnmarshal(n, "Kustomization." + field, "[]string");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isValueNode() || e.isNull()) {
        throw cannotUnmarshal(e, "Kustomization." + field, "string");
      }
      out.add(e.asText());
    }
    return out;
  }

  Map<String, String> stringMap(String field) throws KustomizeException {
    return stringMap(node.get(field), "Kustomization." + field);
  }

  static Map<String, String> stringMap(JsonNode n, String where) throws KustomizeException {
    if (n == null || n.isNull()) return Map.of();
    if (!n.isObject()) {
      throw cannotUnmarshal(n, where, "map[string]string");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var it = n.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode v = e.getValue();
      if (!v.isTextual()) {
        if (v.isNull()) {
          out.put(e.getKey(), "");
          continue;
        }
        throw cannotUnmarshal(v, where, "string");
      }
      out.put(e.getKey(), v.asText());
    }
    return out;
  }

  /** A list of maps (patches, images, generators ...). */
  List<ObjectNode> objects(String field) throws KustomizeException {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) return List.of();
    if (!(n instanceof ArrayNode arr)) {
      throw cannotUnmarshal(n, "Kustomization." + field, "[]");
    }
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode e : arr) {
      if (!(e instanceof ObjectNode o)) {
        throw cannotUnmarshal(e, "Kustomization." + field, "struct");
      }
      out.add(o);
    }
    return out;
  }

  static String jsonType(JsonNode n) {
    if (n == null || n.isNull()) return "null";
    if (n.isTextual()) return "string";
    if (n.isNumber()) return "number";
    if (n.isBoolean()) return "bool";
    if (n.isArray()) return "array";
    return "object";
  }
}
