package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in transformers of one kustomization, in kustomize's order: patchesStrategicMerge,
 * patches, namespace, prefix/suffix, labels, annotations, patchesJson6902, replicas, images,
 * replacements; each run is recorded on the resources for {@code buildMetadata}.
 */
final class BuiltinTransformers {
  private final Loader loader;
  private final Path dir;
  private final MergeSchema mergeSchema;

  BuiltinTransformers(Loader loader, Path dir, MergeSchema mergeSchema) {
    this.loader = loader;
    this.dir = dir;
    this.mergeSchema = mergeSchema;
  }

  /** kustomize refuses a namespace that makes two resources one. */
  private static void refuseDuplicateIds(List<Res> resources) throws KustomizeException {
    Map<String, Res> seen = new HashMap<>();
    for (Res r : resources) {
      ResId id = r.id();
      String key = id.gvkString() + "|" + id.name() + "|" + id.effectiveNamespace();
      Res other = seen.putIfAbsent(key, r);
      if (other != null) {
        throw new KustomizeException(
            "namespace transformation produces ID conflict: [%s %s]".formatted(other.id(), id));
      }
    }
  }

  private static List<ObjectNode> objects(List<Res> resources) {
    List<ObjectNode> out = new ArrayList<>(resources.size());
    for (Res r : resources) out.add(r.obj);
    return out;
  }

  /** kustomize's own field specs for a transformer, then those its configurations add. */
  private static List<FieldSpec> specs(
      List<FieldSpec> builtin, Accumulator.Config config, String transformer) {
    List<FieldSpec> out = new ArrayList<>(builtin);
    out.addAll(config.get(transformer));
    return out;
  }

  /** Runs the transformers {@code k} configures over {@code resources}, in kustomize's order. */
  void run(Kustomization k, List<Res> resources, Accumulator.Config config)
      throws KustomizeException {
    Patches patches = new Patches(loader, dir, mergeSchema);
    for (String p : k.strings("patchesStrategicMerge")) {
      patches.strategicMerge(resources, p);
    }
    if (!k.strings("patchesStrategicMerge").isEmpty()) {
      ran(resources, k, "PatchStrategicMergeTransformer");
    }
    for (ObjectNode p : k.objects("patches")) {
      patches.patch(resources, p);
      ran(resources, k, "PatchTransformer");
    }
    String namespace = k.text("namespace");
    if (namespace != null && !namespace.isEmpty()) {
      List<FieldSpec> extra = new ArrayList<>();
      for (FieldSpec fs : config.get("namespace")) {
        if (!fs.pathString().equals("metadata/namespace")) extra.add(fs);
      }
      for (Res r : resources) r.storePrevious();
      new NamespaceFilter(namespace, extra).apply(objects(resources));
      refuseDuplicateIds(resources);
      ran(resources, k, "NamespaceTransformer");
    }
    String prefix = k.text("namePrefix");
    String suffix = k.text("nameSuffix");
    if (prefix != null && !prefix.isEmpty()) {
      PrefixSuffixFilter.prefix(prefix).apply(resources);
      ran(resources, k, "PrefixTransformer");
    }
    if (suffix != null && !suffix.isEmpty()) {
      PrefixSuffixFilter.suffix(suffix).apply(resources);
      ran(resources, k, "SuffixTransformer");
    }
    Map<String, String> common = k.stringMap("commonLabels");
    if (!common.isEmpty()) {
      new MapFieldFilter(common, specs(FieldSpecs.commonLabels(), config, "commonLabels"))
          .apply(objects(resources));
    }
    if (!common.isEmpty() || !k.objects("labels").isEmpty()) {
      // kustomize runs one LabelTransformer for commonLabels (empty or not) before the labels
      ran(resources, k, "LabelTransformer");
    }
    for (ObjectNode l : k.objects("labels")) {
      Map<String, String> pairs = Kustomization.stringMap(l.get("pairs"), "Label.labels.pairs");
      List<FieldSpec> specs = new ArrayList<>();
      if (l.path("includeSelectors").asBoolean(false)) {
        specs.addAll(specs(FieldSpecs.commonLabels(), config, "commonLabels"));
      } else {
        if (l.path("includeTemplates").asBoolean(false)) {
          specs.addAll(FieldSpecs.templateLabels());
        }
        specs.addAll(FieldSpecs.metadataLabels());
      }
      specs.addAll(FieldSpecs.list(l.path("fields")));
      new MapFieldFilter(pairs, specs).apply(objects(resources));
      ran(resources, k, "LabelTransformer");
    }
    Map<String, String> annotations = k.stringMap("commonAnnotations");
    if (!annotations.isEmpty()) {
      new MapFieldFilter(annotations, specs(FieldSpecs.annotations(), config, "commonAnnotations"))
          .apply(objects(resources));
      ran(resources, k, "AnnotationsTransformer");
    }
    for (ObjectNode p : k.objects("patchesJson6902")) {
      patches.json6902(resources, p);
      ran(resources, k, "PatchJson6902Transformer");
    }
    for (ObjectNode r : k.objects("replicas")) {
      JsonNode count = r.get("count");
      if (count == null || !count.isIntegralNumber()) {
        throw Kustomization.cannotUnmarshal(count, "Replica.replicas.count", "int64");
      }
      new ReplicasFilter(
              r.path("name").asText(), count, specs(FieldSpecs.get("replicas"), config, "replicas"))
          .apply(resources);
      ran(resources, k, "ReplicaCountTransformer");
    }
    List<ImagesFilter.Image> images = new ArrayList<>();
    for (ObjectNode i : k.objects("images")) {
      images.add(
          new ImagesFilter.Image(
              i.path("name").asText(""),
              i.path("newName").asText(null),
              i.has("newTag") ? i.get("newTag").asText() : null,
              i.path("digest").asText(null)));
    }
    if (!images.isEmpty()) {
      new ImagesFilter(images, config.get("images")).apply(objects(resources));
      for (int i = 0; i < images.size(); i++) ran(resources, k, "ImageTagTransformer");
    }
    if (!k.objects("replacements").isEmpty()) {
      Replacements rep = new Replacements(loader, dir);
      for (ObjectNode r : k.objects("replacements")) {
        rep.apply(resources, r);
      }
      ran(resources, k, "ReplacementTransformer");
    }
  }

  private static void ran(List<Res> resources, Kustomization k, String kind) {
    String entry = Accumulator.configured(k.file, kind);
    for (Res r : resources) r.transformations.add(entry);
  }
}
