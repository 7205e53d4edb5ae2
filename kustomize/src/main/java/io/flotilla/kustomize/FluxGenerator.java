package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kustomization Flux's kustomize-controller generates for a directory without one (fluxcd/pkg
 * {@code kustomize.Generator}): walking the tree in name order, a sub-directory holding a
 * kustomization file is listed as a resource and not descended into; every {@code .yaml}/{@code
 * .yml} file is listed and must decode as Kubernetes objects, otherwise the build fails with {@code
 * failed to decode Kubernetes YAML from <file>}, as in Flux. Other files are skipped.
 */
final class FluxGenerator {
  private FluxGenerator() {}

  static Kustomization generate(Loader loader, Path dir, String file) throws KustomizeException {
    List<String> resources = new ArrayList<>();
    scan(loader, dir, dir, resources);
    ObjectNode k = JsonNodeFactory.instance.objectNode();
    k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    k.put("kind", "Kustomization");
    ArrayNode list = k.putArray("resources");
    resources.forEach(list::add);
    return Kustomization.of(k, file);
  }

  private static void scan(Loader loader, Path base, Path dir, List<String> out)
      throws KustomizeException {
    for (Path p : loader.list(dir)) {
      String rel = "./" + base.relativize(p).toString().replace('\\', '/');
      if (loader.isDirectory(p)) {
        if (hasKustomization(loader, p)) {
          out.add(rel);
        } else {
          scan(loader, base, p, out);
        }
        continue;
      }
      String name = p.getFileName().toString();
      if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
        continue;
      }
      String file = loader.display(p);
      try {
        Resources.fromDocuments(YamlCodec.parse(loader.read(p), file), file);
      } catch (KustomizeException e) {
        throw e.wrap("failed to decode Kubernetes YAML from " + file);
      }
      out.add(rel);
    }
  }

  private static boolean hasKustomization(Loader loader, Path dir) {
    for (String name : Kustomization.FILE_NAMES) {
      if (loader.isFile(dir.resolve(name))) {
        return true;
      }
    }
    return false;
  }
}
