package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A pure-Java {@code kustomize build}: one entry point over named stages. Each kustomization
 * directory is accumulated ({@link Accumulator}: resources, components, generators, transformers);
 * the top level then appends content hashes to generated names, fixes name references and sorts.
 * The output is byte-for-byte what {@code kubectl kustomize} (v5.5) prints.
 *
 * <p>All file access goes through a {@link Loader} confined to the build root.
 */
public final class Kustomizer {
  private final KustomizeOptions options;

  private Kustomizer(KustomizeOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public static Kustomizer create(KustomizeOptions options) {
    return new Kustomizer(options);
  }

  /**
   * Builds {@code dir} (absolute, or relative to {@code root}) and returns the resources in
   * kustomize's output order. The returned objects are fresh copies the caller may modify.
   */
  public List<ObjectNode> build(Path root, Path dir) throws KustomizeException {
    return build(root, dir, null);
  }

  /**
   * Builds with {@code topLevelFields} merged into the top kustomization (read or generated), as
   * Flux's kustomize-controller does with a Kustomization's targetNamespace, namePrefix/Suffix,
   * patches, images, components and commonMetadata: scalars replace, lists append, maps merge.
   */
  public List<ObjectNode> build(Path root, Path dir, ObjectNode topLevelFields)
      throws KustomizeException {
    List<ObjectNode> out = new ArrayList<>();
    for (Res r : run(root, dir, topLevelFields)) {
      out.add(r.obj);
    }
    return out;
  }

  /** {@link #build} as YAML documents separated by {@code ---}, exactly as kustomize prints. */
  public String buildYaml(Path root, Path dir) throws KustomizeException {
    return YamlCodec.writeAll(build(root, dir));
  }

  /** {@link #build(Path, Path, ObjectNode)} as kustomize prints it. */
  public String buildYaml(Path root, Path dir, ObjectNode topLevelFields)
      throws KustomizeException {
    return YamlCodec.writeAll(build(root, dir, topLevelFields));
  }

  private List<Res> run(Path root, Path dir, ObjectNode topLevelFields) throws KustomizeException {
    Loader loader = new Loader(root, options.maxFileBytes(), !options.loadRestrictionsNone());
    Path target = loader.resolve(loader.root(), dir.toString());
    if (!loader.isDirectory(target)) {
      throw new KustomizeException(
          "must build at directory: not a valid directory: '" + target + "'");
    }
    loader.displayBase(target);
    Accumulator acc = new Accumulator(loader, options, topLevelFields);
    Accumulator.Result result = acc.directory(target, true, new ArrayDeque<Path>());
    List<Res> resources = result.resources();
    Stages.addHashes(resources);
    new NameReferenceFilter(result.nameReferences()).apply(resources);
    List<FieldSpec> varReference = new ArrayList<>(Vars.builtinReferences());
    varReference.addAll(result.varReference());
    Vars.resolve(result.vars(), resources, varReference);
    UntaggedScalar.resolveAll(resources);
    Stages.buildMetadata(result.buildMetadata(), resources);
    Sorting.sort(resources, result.sortOptions(), options.order());
    return resources;
  }

  static Deque<Path> newStack() {
    return new ArrayDeque<>();
  }
}
