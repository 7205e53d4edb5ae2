package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The {@code crds} field: each file is a map of OpenAPI definitions (type name to {@code {Schema,
 * Dependencies}}, as kube-openapi generates them), JSON when it starts with '{', else YAML. Only
 * CRD-like types (properties {@code kind}, {@code apiVersion} and {@code metadata}) are roots;
 * their kind is the type name after its last '.'. Walking their properties (and the definitions
 * those {@code $ref}, but not array items), kustomize's vendor extensions become field specs:
 *
 * <ul>
 *   <li>{@code x-kubernetes-object-ref-api-version} + {@code x-kubernetes-object-ref-kind}: a name
 *       reference at {@code <path>/<prop>/<name key>}, the name key being {@code
 *       x-kubernetes-object-ref-name-key} or {@code name};
 *   <li>{@code x-kubernetes-annotation}: a commonAnnotations field; {@code
 *       x-kubernetes-label-selector}: a commonLabels field.
 * </ul>
 *
 * {@code x-kubernetes-identity} (a namePrefix field) is not supported: our prefix/suffix pass has
 * no custom field specs.
 */
final class Crds {
  private static final String X_ANNOTATION = "x-kubernetes-annotation";
  private static final String X_LABEL_SELECTOR = "x-kubernetes-label-selector";
  private static final String X_VERSION = "x-kubernetes-object-ref-api-version";
  private static final String X_KIND = "x-kubernetes-object-ref-kind";
  private static final String X_NAME_KEY = "x-kubernetes-object-ref-name-key";

  private Crds() {}

  /** Loads the kustomization's {@code crds} files (relative to {@code dir}) into {@code config}. */
  static void load(Loader loader, Path dir, List<String> paths, Accumulator.Config config)
      throws KustomizeException {
    for (String path : paths) {
      try {
        loadFile(loader, dir, path, config);
      } catch (KustomizeException e) {
        // kustomize prints the list as Go's %v does: [a b]
        throw e.wrap("loading CRDs [" + String.join(" ", paths) + "]");
      }
    }
  }

  private static void loadFile(Loader loader, Path dir, String path, Accumulator.Config config)
      throws KustomizeException {
    Path file = loader.resolveFile(dir, path);
    if (!loader.isFile(file)) {
      throw new KustomizeException(
          "evalsymlink failure on '" + file + "' : lstat " + file + ": no such file or directory");
    }
    Map<String, ObjectNode> defs = definitions(loader.read(file), loader.display(file), path);
    for (var e : defs.entrySet()) {
      JsonNode props = e.getValue().path("Schema").path("properties");
      if (!props.has("kind") || !props.has("apiVersion") || !props.has("metadata")) continue;
      String name = e.getKey();
      String kind = name.substring(name.lastIndexOf('.') + 1);
      walk(defs, name, kind, new ArrayList<>(), config, new ArrayDeque<>());
    }
  }

  private static Map<String, ObjectNode> definitions(String text, String display, String path)
      throws KustomizeException {
    String problem = null;
    Map<String, ObjectNode> out = new java.util.LinkedHashMap<>();
    try {
      List<YamlCodec.Document> docs = YamlCodec.parse(text, display);
      JsonNode root = docs.isEmpty() ? null : docs.get(0).node();
      if (root != null && !root.isNull()) {
        if (!root.isObject()) {
          problem =
              "json: cannot unmarshal "
                  + Kustomization.jsonType(root)
                  + " into Go value of type map[string]accumulator.OpenAPIDefinition";
        } else {
          for (var it = root.fields(); it.hasNext() && problem == null; ) {
            var e = it.next();
            if (e.getValue() instanceof ObjectNode o) {
              out.put(e.getKey(), o);
            } else if (!e.getValue().isNull()) {
              problem =
                  "json: cannot unmarshal "
                      + Kustomization.jsonType(e.getValue())
                      + " into Go value of type accumulator.OpenAPIDefinition";
            }
          }
        }
      }
    } catch (KustomizeException e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      throw new KustomizeException(
          "unable to parse open API definition from '" + path + "': " + problem);
    }
    return out;
  }

  /**
   * Adds the field specs of type {@code typeName}'s properties, found at {@code path} in objects of
   * {@code kind}. {@code seen} stops a type that refers to itself (kustomize would recurse
   * forever).
   */
  private static void walk(
      Map<String, ObjectNode> defs,
      String typeName,
      String kind,
      List<String> path,
      Accumulator.Config config,
      Deque<String> seen) {
    ObjectNode def = defs.get(typeName);
    if (def == null || seen.contains(typeName)) return;
    seen.push(typeName);
    for (var it = def.path("Schema").path("properties").fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode prop = e.getValue();
      List<String> here = new ArrayList<>(path);
      here.add(e.getKey());
      if (isString(prop, X_ANNOTATION)) {
        config
            .specs
            .computeIfAbsent("commonAnnotations", x -> new ArrayList<>())
            .add(spec(kind, here));
      }
      if (isString(prop, X_LABEL_SELECTOR)) {
        config.specs.computeIfAbsent("commonLabels", x -> new ArrayList<>()).add(spec(kind, here));
      }
      if (isString(prop, X_VERSION) && isString(prop, X_KIND)) {
        List<String> at = new ArrayList<>(here);
        at.add(isString(prop, X_NAME_KEY) ? prop.get(X_NAME_KEY).asText() : "name");
        FieldSpecs.NameRef ref =
            new FieldSpecs.NameRef(
                null,
                prop.get(X_VERSION).asText(),
                prop.get(X_KIND).asText(),
                List.of(spec(kind, at)));
        if (!config.nameRefs.contains(ref)) config.nameRefs.add(ref);
      }
      JsonNode ref = prop.get("$ref");
      if (ref != null && ref.isTextual() && !ref.asText().isEmpty()) {
        walk(defs, ref.asText(), kind, here, config, seen);
      }
    }
    seen.pop();
  }

  private static boolean isString(JsonNode prop, String extension) {
    JsonNode v = prop.get(extension);
    return v != null && v.isTextual();
  }

  private static FieldSpec spec(String kind, List<String> path) {
    return new FieldSpec(null, null, kind, List.copyOf(path), false);
  }
}
