package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates one kustomization directory, as kustomize's KustTarget does: resources (files and
 * nested kustomizations), components, generators, then the built-in transformers in kustomize's
 * order (patchesStrategicMerge, patches, namespace, prefix/suffix, labels, annotations,
 * patchesJson6902, replicas, images, replacements).
 */
final class Accumulator {
  private final Loader loader;
  private final KustomizeOptions options;
  private final ObjectNode topLevelFields;
  // the top kustomization's openapi field replaces kustomize's built-in schema for the whole build
  private MergeSchema mergeSchema = MergeSchema.BUILTIN;

  Accumulator(Loader loader, KustomizeOptions options, ObjectNode topLevelFields) {
    this.loader = loader;
    this.options = options;
    this.topLevelFields = topLevelFields;
  }

  /** Scalars replace, lists append, maps merge one level deep. */
  static ObjectNode mergeTopLevel(ObjectNode kustomization, ObjectNode fields) {
    ObjectNode out = kustomization.deepCopy();
    fields
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode have = out.get(e.getKey());
              JsonNode add = e.getValue();
              if (have instanceof ArrayNode list && add.isArray()) {
                list.addAll((ArrayNode) add.deepCopy());
              } else if (have instanceof ObjectNode map && add.isObject()) {
                map.setAll((ObjectNode) add.deepCopy());
              } else {
                out.set(e.getKey(), add.deepCopy());
              }
            });
    return out;
  }

  /** What the top level needs besides the resources. */
  record Result(
      List<Res> resources,
      List<FieldSpecs.NameRef> nameReferences,
      JsonNode sortOptions,
      List<String> buildMetadata,
      List<Vars.Var> vars,
      List<FieldSpec> varReference) {}

  /** Extra field specs from {@code configurations}, merged down the tree. */
  static final class Config {
    final Map<String, List<FieldSpec>> specs = new HashMap<>();
    final List<FieldSpecs.NameRef> nameRefs = new ArrayList<>(FieldSpecs.NAME_REFERENCES);
    final List<Vars.Var> vars = new ArrayList<>();

    List<FieldSpec> get(String name) {
      return specs.getOrDefault(name, List.of());
    }
  }

  Result directory(Path dir, boolean top, Deque<Path> stack) throws KustomizeException {
    if (stack.contains(dir)) {
      throw new KustomizeException(
          "cycle detected: '" + loader.display(dir) + "' includes itself through its resources");
    }
    stack.push(dir);
    try {
      Kustomization k = load(dir, top);
      if (top) {
        openapi(k, dir);
      }
      if (k.component) {
        throw new KustomizeException(
            "expected kind != 'Component' for path '" + loader.display(dir) + "'");
      }
      List<Res> resources = new ArrayList<>();
      Config config = new Config();
      accumulate(k, dir, resources, config, stack);
      JsonNode sort = top ? k.node.get("sortOptions") : null;
      List<String> meta = top ? k.strings("buildMetadata") : List.of();
      return new Result(
          resources, config.nameRefs, sort, meta, config.vars, config.get("varReference"));
    } finally {
      stack.pop();
    }
  }

  private void openapi(Kustomization k, Path dir) throws KustomizeException {
    JsonNode openapi = k.node.get("openapi");
    if (openapi == null || openapi.isNull() || !openapi.has("path")) {
      return;
    }
    Path file = loader.resolveFile(dir, openapi.path("path").asText());
    List<YamlCodec.Document> docs = YamlCodec.parse(loader.read(file), loader.display(file));
    if (!docs.isEmpty()) {
      mergeSchema = MergeSchema.fromOpenApi(docs.get(0).node());
    }
  }

  private Kustomization load(Path dir, boolean top) throws KustomizeException {
    Kustomization k = read(dir, top);
    if (top && topLevelFields != null && !topLevelFields.isEmpty()) {
      k = Kustomization.of(mergeTopLevel(k.node, topLevelFields), k.file);
    }
    k.refuseEmpty();
    return k;
  }

  private Kustomization read(Path dir, boolean top) throws KustomizeException {
    Path found = null;
    for (String name : Kustomization.FILE_NAMES) {
      Path candidate = dir.resolve(name);
      if (loader.isFile(candidate)) {
        if (found != null) {
          throw new KustomizeException(
              "Found multiple kustomization files under: " + loader.display(dir));
        }
        found = candidate;
      }
    }
    if (found != null) {
      String file = loader.display(found);
      return Kustomization.parse(loader.read(found), file);
    }
    if (top && options.generateKustomization()) {
      return FluxGenerator.generate(loader, dir, loader.display(dir));
    }
    throw new KustomizeException(
        ("unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in"
                + " directory '%s'")
            .formatted(loader.display(dir)));
  }

  private void accumulate(
      Kustomization k, Path dir, List<Res> resources, Config config, Deque<Path> stack)
      throws KustomizeException {
    for (String field : List.of("generators", "transformers", "validators")) {
      if (k.node.has(field) && !k.node.get(field).isNull() && !k.node.get(field).isEmpty()) {
        throw new KustomizeException(
            "field '" + field + "' in " + k.file + " is not supported by this kustomize build");
      }
    }
    for (String path : k.strings("configurations")) {
      configuration(loader.resolveFile(dir, path), config);
    }
    List<String> entries = new ArrayList<>(k.strings("resources"));
    entries.addAll(k.strings("bases"));
    // ids seen so far, kept across entries: rebuilding it per entry made large builds quadratic
    Map<ResId, Res> ids = new HashMap<>();
    for (Res r : resources) ids.put(r.id(), r);
    for (String entry : entries) {
      List<Res> loaded;
      try {
        loaded = resource(dir, entry, stack, config);
      } catch (KustomizeException e) {
        throw e.wrap("accumulating resources from '%s'".formatted(entry));
      }
      append(resources, ids, loaded, entry);
    }
    // kustomize v5.5 reads crds after the resources, runs the generators, then the components
    // (whose transformers so see this kustomization's generated objects), then the transformers
    Crds.load(loader, dir, k.strings("crds"), config);
    List<Vars.Var> vars = new ArrayList<>();
    for (ObjectNode v : k.objects("vars")) {
      vars.add(Vars.parse(v));
    }
    Vars.merge(config.vars, vars);
    generate(k, dir, resources, "configMapGenerator", false);
    generate(k, dir, resources, "secretGenerator", true);
    if (HelmCharts.present(k)) {
      HelmCharts.inflate(k, dir, resources, loader, options);
    }
    for (String entry : k.strings("components")) {
      Path p = loader.resolve(dir, entry);
      if (!loader.isDirectory(p)) {
        throw new KustomizeException(
            "accumulating components: '" + entry + "' must be a directory holding a Component");
      }
      if (stack.contains(p)) {
        throw new KustomizeException("cycle detected: component '" + entry + "'");
      }
      stack.push(p);
      try {
        Kustomization c = load(p, false);
        if (!c.component) {
          throw new KustomizeException(
              "accumulating components: expected kind 'Component' for path '"
                  + loader.display(p)
                  + "' but got 'Kustomization'");
        }
        accumulate(c, p, resources, config, stack);
      } finally {
        stack.pop();
      }
    }
    new BuiltinTransformers(loader, dir, mergeSchema).run(k, resources, config);
  }

  private void append(List<Res> resources, Map<ResId, Res> ids, List<Res> loaded, String entry)
      throws KustomizeException {
    for (Res r : loaded) {
      ResId id = r.id();
      if (ids.containsKey(id)) {
        throw new KustomizeException(
            ("accumulating resources: accumulation err='accumulating resources from '%s': may not"
                    + " add resource with an already registered id: %s'")
                .formatted(entry, id));
      }
      ids.put(id, r);
      resources.add(r);
    }
  }

  private List<Res> resource(Path dir, String entry, Deque<Path> stack, Config config)
      throws KustomizeException {
    if (entry.contains("://") || entry.startsWith("github.com/") || entry.startsWith("git@")) {
      throw new KustomizeException("remote resources are not supported: '" + entry + "'");
    }
    Path p = loader.resolve(dir, entry);
    if (loader.isDirectory(p)) {
      Result sub = directory(p, false, stack);
      for (FieldSpecs.NameRef n : sub.nameReferences()) {
        if (!config.nameRefs.contains(n)) config.nameRefs.add(n);
      }
      Vars.merge(config.vars, sub.vars());
      config
          .specs
          .computeIfAbsent("varReference", x -> new ArrayList<>())
          .addAll(sub.varReference());
      return sub.resources();
    }
    p = loader.resolveFile(dir, entry);
    if (!loader.isFile(p)) {
      throw new KustomizeException(
          "evalsymlink failure on '" + p + "' : lstat " + p + ": no such file or directory");
    }
    String file = loader.display(p);
    List<Res> out = new ArrayList<>();
    for (ObjectNode r : Resources.fromDocuments(YamlCodec.parse(loader.read(p), file), file)) {
      Res res = new Res(r.deepCopy());
      res.origin = "path: " + file + "\n";
      out.add(res);
    }
    return out;
  }

  private void configuration(Path file, Config config) throws KustomizeException {
    String name = loader.display(file);
    for (YamlCodec.Document d : YamlCodec.parse(loader.read(file), name)) {
      for (var it = d.node().fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getKey().equals("nameReference")) {
          for (JsonNode r : e.getValue()) {
            config.nameRefs.add(
                new FieldSpecs.NameRef(
                    r.path("group").asText(null),
                    r.path("version").asText(null),
                    r.path("kind").asText(),
                    FieldSpecs.list(r.path("fieldSpecs"))));
          }
        } else {
          config
              .specs
              .computeIfAbsent(e.getKey(), x -> new ArrayList<>())
              .addAll(FieldSpecs.list(e.getValue()));
        }
      }
    }
  }

  // ---- generators

  private void generate(
      Kustomization k, Path dir, List<Res> resources, String field, boolean secret)
      throws KustomizeException {
    for (ObjectNode entry : k.objects(field)) {
      Res gen = Generators.generate(loader, dir, entry, k.node.get("generatorOptions"), secret);
      gen.origin = configured(k.file, secret ? "SecretGenerator" : "ConfigMapGenerator");
      ResId id = gen.id();
      Res existing = generatorTarget(resources, id);
      switch (gen.behavior) {
        case "create" -> {
          if (existing != null) {
            throw new KustomizeException(
                "merging from generator %s: id %s exists; behavior must be merge or replace"
                    .formatted(gen.obj.path("metadata").path("name").asText(), id));
          }
          resources.add(gen);
        }
        case "merge", "replace" -> {
          if (existing == null) {
            throw new KustomizeException(
                "merging from generator %s: id %s does not exist; cannot merge or replace"
                    .formatted(gen.obj.path("metadata").path("name").asText(), id));
          }
          mergeGenerated(existing, gen);
        }
        default -> throw new IllegalStateException(gen.behavior);
      }
    }
  }

  /**
   * The resource a generator's output lands on: one whose current or previous id is the generated
   * one, empty namespaces counting as {@code default} (kustomize's GetMatchingResourcesByAnyId).
   */
  private static Res generatorTarget(List<Res> resources, ResId id) throws KustomizeException {
    Res found = null;
    for (Res r : resources) {
      if (!r.hadId(id)) continue;
      if (found != null) {
        throw new KustomizeException(
            "found multiple objects [%s %s] that could accept merge of %s"
                .formatted(found.id(), r.id(), id));
      }
      found = r;
    }
    return found;
  }

  /**
   * {@code behavior: merge|replace}: the generated object takes the existing one's place, keeping
   * its name, namespace and history and merging labels and annotations over it ({@code merge} also
   * merges data and binaryData; every other field is the generated object's). The name gets a
   * content hash only when both the existing object and the generator ask for one: a plain resource
   * keeps its name, as kustomize v5.5 does.
   */
  private static void mergeGenerated(Res existing, Res gen) {
    ObjectNode out = gen.obj.deepCopy();
    ObjectNode oldMeta = Resources.metadata(existing.obj);
    ObjectNode meta = Resources.metadata(out);
    for (String f : List.of("labels", "annotations")) {
      ObjectNode merged = JsonNodeFactory.instance.objectNode();
      if (oldMeta.get(f) instanceof ObjectNode o) merged.setAll(o);
      if (meta.get(f) instanceof ObjectNode n) merged.setAll(n);
      meta.remove(f);
      if (!merged.isEmpty()) meta.set(f, merged);
    }
    meta.put("name", existing.name());
    meta.remove("namespace");
    if (oldMeta.has("namespace")) meta.set("namespace", oldMeta.get("namespace"));
    if (gen.behavior.equals("merge")) {
      for (String f : List.of("data", "binaryData")) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        if (existing.obj.get(f) instanceof ObjectNode o) merged.setAll(o);
        if (out.get(f) instanceof ObjectNode n) merged.setAll(n);
        out.remove(f);
        if (!merged.isEmpty()) out.set(f, merged);
      }
    } else {
      existing.origin = gen.origin;
    }
    existing.obj = out;
    existing.needsHash = existing.needsHash && gen.needsHash;
  }

  /** buildMetadata's record of a generator or transformer configured in a kustomization file. */
  static String configured(String file, String kind) {
    return "configuredIn: %s\nconfiguredBy:\n  apiVersion: builtin\n  kind: %s\n"
        .formatted(file, kind);
  }

  static Map<String, String> orderedCopy(Map<String, String> m) {
    return new LinkedHashMap<>(m);
  }

  static boolean isList(JsonNode n) {
    return n instanceof ArrayNode;
  }
}
