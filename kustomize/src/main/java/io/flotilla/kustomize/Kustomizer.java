package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A pure-Java {@code kustomize build}. Supported so far: plain manifest directories (a
 * kustomization is generated as Flux's kustomize-controller does), {@code resources} (files and
 * directories, nested), {@code namespace}, {@code namePrefix}/{@code nameSuffix}, {@code
 * commonLabels}/{@code labels} and {@code commonAnnotations}. Other kustomization fields are
 * refused with a clear error rather than ignored.
 *
 * <p>All file access is confined to the build root; a kustomization may reference files outside its
 * own directory but inside the root (Flux's load restrictions).
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
    Loader loader = new Loader(root, options.maxFileBytes());
    Path target = loader.resolve(loader.root(), dir.toString());
    if (!loader.isDirectory(target)) {
      throw new KustomizeException(
          "kustomization path not found: '" + loader.display(target) + "' is not a directory");
    }
    List<ObjectNode> resources = new Build(loader).directory(target, true, new ArrayDeque<>());
    if (options.order() == KustomizeOptions.Order.LEGACY) {
      LegacyOrder.sort(resources);
    }
    return resources;
  }

  /** {@link #build} as YAML documents separated by {@code ---}. */
  public String buildYaml(Path root, Path dir) throws KustomizeException {
    return YamlCodec.writeAll(build(root, dir));
  }

  /** One build run: the loader and the recursion over kustomization directories. */
  private final class Build {
    private final Loader loader;

    Build(Loader loader) {
      this.loader = loader;
    }

    List<ObjectNode> directory(Path dir, boolean top, Deque<Path> stack) throws KustomizeException {
      if (stack.contains(dir)) {
        throw new KustomizeException(
            "cycle detected: '" + loader.display(dir) + "' includes itself through its resources");
      }
      stack.push(dir);
      try {
        KustomizationFile kustomization;
        String kfile;
        Path found = kustomizationFile(dir);
        if (found != null) {
          kfile = loader.display(found);
          kustomization = KustomizationFile.parse(loader.read(found), kfile);
        } else if (top && options.generateKustomization()) {
          kfile = loader.display(dir) + " (generated kustomization)";
          kustomization = FluxGenerator.generate(loader, dir);
        } else {
          throw new KustomizeException(
              ("unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization'"
                      + " in directory '%s'")
                  .formatted(loader.display(dir)));
        }
        List<ObjectNode> resources = new ArrayList<>();
        for (String entry : kustomization.resources()) {
          List<ObjectNode> loaded;
          try {
            loaded = resource(dir, entry, stack);
          } catch (KustomizeException e) {
            throw e.wrap("accumulating resources from '%s' in '%s'".formatted(entry, kfile));
          }
          for (ObjectNode r : loaded) {
            ResId id = ResId.of(r);
            for (ObjectNode existing : resources) {
              if (ResId.of(existing).equals(id)) {
                throw new KustomizeException(
                    ("accumulating resources: merging resources from '%s' in '%s': may not add"
                            + " resource with an already registered id: %s")
                        .formatted(entry, kfile, id));
              }
            }
            resources.add(r);
          }
        }
        for (ResourceFilter filter : kustomization.filters()) {
          filter.apply(resources);
        }
        return resources;
      } finally {
        stack.pop();
      }
    }

    private List<ObjectNode> resource(Path dir, String entry, Deque<Path> stack)
        throws KustomizeException {
      if (entry.contains("://") || entry.startsWith("github.com/") || entry.startsWith("git@")) {
        throw new KustomizeException("remote resources are not supported: '" + entry + "'");
      }
      Path p = loader.resolve(dir, entry);
      if (loader.isDirectory(p)) {
        return directory(p, false, stack);
      }
      String file = loader.display(p);
      List<ObjectNode> out = new ArrayList<>();
      for (ObjectNode r : Resources.fromDocuments(YamlCodec.parse(loader.read(p), file), file)) {
        out.add(r.deepCopy());
      }
      return out;
    }

    private Path kustomizationFile(Path dir) throws KustomizeException {
      Path found = null;
      for (String name : KustomizationFile.FILE_NAMES) {
        Path candidate = dir.resolve(name);
        if (loader.isFile(candidate)) {
          if (found != null) {
            throw new KustomizeException(
                "Found multiple kustomization files under: " + loader.display(dir));
          }
          found = candidate;
        }
      }
      return found;
    }
  }
}
