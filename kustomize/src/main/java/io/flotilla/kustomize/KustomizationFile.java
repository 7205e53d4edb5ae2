package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The fields of a kustomization file this build understands, checked on load. */
record KustomizationFile(
    List<String> resources,
    String namespace,
    String namePrefix,
    String nameSuffix,
    Map<String, String> commonLabels,
    List<LabelSet> labels,
    Map<String, String> commonAnnotations) {

  /** One entry of {@code labels:}. */
  record LabelSet(Map<String, String> pairs, boolean includeSelectors, boolean includeTemplates) {}

  static final List<String> FILE_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private static final Set<String> SUPPORTED =
      Set.of(
          "apiVersion",
          "kind",
          "metadata",
          "resources",
          "bases",
          "namespace",
          "namePrefix",
          "nameSuffix",
          "commonLabels",
          "labels",
          "commonAnnotations");
  // valid kustomize fields that a later slice implements; refused rather than silently ignored
  private static final Set<String> NOT_YET =
      Set.of(
          "patches",
          "patchesStrategicMerge",
          "patchesJson6902",
          "images",
          "replicas",
          "configMapGenerator",
          "secretGenerator",
          "generatorOptions",
          "components",
          "crds",
          "generators",
          "transformers",
          "validators",
          "replacements",
          "vars",
          "configurations",
          "helmCharts",
          "helmGlobals",
          "helmChartInflationGenerator",
          "openapi",
          "buildMetadata",
          "sortOptions");

  static KustomizationFile parse(String text, String file) throws KustomizeException {
    List<YamlCodec.Document> docs = YamlCodec.parse(text, file);
    if (docs.isEmpty()) {
      return new KustomizationFile(List.of(), null, null, null, Map.of(), List.of(), Map.of());
    }
    if (docs.size() > 1) {
      throw invalid(file, "a kustomization file holds one document, found " + docs.size());
    }
    if (!(docs.get(0).node() instanceof ObjectNode obj)) {
      throw invalid(file, "expected a map");
    }
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (NOT_YET.contains(field)) {
        throw invalid(file, "field '" + field + "' is not supported yet by this kustomize build");
      }
      if (!SUPPORTED.contains(field)) {
        throw invalid(file, "json: unknown field \"" + field + "\"");
      }
    }
    String kind = obj.path("kind").asText("");
    if (!kind.isEmpty() && !kind.equals("Kustomization")) {
      throw invalid(file, "kind '" + kind + "' is not supported here, expected 'Kustomization'");
    }
    List<String> resources = new ArrayList<>(strings(obj, "resources", file));
    resources.addAll(strings(obj, "bases", file));
    List<LabelSet> labels = new ArrayList<>();
    JsonNode labelsNode = obj.get("labels");
    if (labelsNode != null && !labelsNode.isNull()) {
      if (!labelsNode.isArray()) {
        throw invalid(
            file, "'labels' must be a list of {pairs, includeSelectors, includeTemplates}");
      }
      for (JsonNode l : labelsNode) {
        if (!(l instanceof ObjectNode lo)) {
          throw invalid(file, "'labels' entries must be maps");
        }
        labels.add(
            new LabelSet(
                stringMap(lo, "pairs", file),
                lo.path("includeSelectors").asBoolean(false),
                lo.path("includeTemplates").asBoolean(false)));
      }
    }
    return new KustomizationFile(
        List.copyOf(resources),
        text(obj, "namespace", file),
        text(obj, "namePrefix", file),
        text(obj, "nameSuffix", file),
        stringMap(obj, "commonLabels", file),
        List.copyOf(labels),
        stringMap(obj, "commonAnnotations", file));
  }

  /** The transformations this file asks for, in kustomize's order. */
  List<ResourceFilter> filters() {
    List<ResourceFilter> out = new ArrayList<>();
    if (namespace != null && !namespace.isEmpty()) {
      out.add(new NamespaceFilter(namespace));
    }
    if (namePrefix != null && !namePrefix.isEmpty()
        || nameSuffix != null && !nameSuffix.isEmpty()) {
      out.add(new PrefixSuffixFilter(namePrefix, nameSuffix));
    }
    if (!commonLabels.isEmpty()) {
      out.add(new MapFieldFilter(commonLabels, FieldSpecs.labelsWithSelectors()));
    }
    for (LabelSet l : labels) {
      List<FieldSpec> specs;
      if (l.includeSelectors()) {
        specs = FieldSpecs.labelsWithSelectors();
      } else {
        specs = new ArrayList<>(FieldSpecs.metadataLabels());
        if (l.includeTemplates()) {
          specs.addAll(FieldSpecs.templateLabels());
        }
      }
      out.add(new MapFieldFilter(l.pairs(), specs));
    }
    if (!commonAnnotations.isEmpty()) {
      out.add(new MapFieldFilter(commonAnnotations, FieldSpecs.annotations()));
    }
    return out;
  }

  private static List<String> strings(ObjectNode obj, String field, String file)
      throws KustomizeException {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw invalid(file, "'" + field + "' must be a list of paths");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual() || e.asText().isBlank()) {
        throw invalid(file, "'" + field + "' entries must be non-empty strings, got " + e);
      }
      out.add(e.asText());
    }
    return out;
  }

  private static Map<String, String> stringMap(ObjectNode obj, String field, String file)
      throws KustomizeException {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw invalid(file, "'" + field + "' must be a map of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var it = n.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw invalid(file, "'" + field + "." + e.getKey() + "' must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static String text(ObjectNode obj, String field, String file) throws KustomizeException {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isValueNode()) {
      throw invalid(file, "'" + field + "' must be a string");
    }
    return n.asText();
  }

  private static KustomizeException invalid(String file, String problem) {
    return new KustomizeException("invalid Kustomization in " + file + ": " + problem);
  }
}
