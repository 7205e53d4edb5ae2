package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The final, top-level stages of a build. */
final class Stages {
  private Stages() {}

  /** Generated ConfigMaps and Secrets get {@code -<hash>} appended to their names. */
  static void addHashes(List<Res> resources) {
    for (Res r : resources) {
      if (!r.needsHash) continue;
      ResId before = r.id();
      String hash = Hasher.hash(r.obj);
      Resources.metadata(r.obj).put("name", before.name() + "-" + hash);
      r.previous.add(before);
      r.needsHash = false;
    }
  }

  private static ObjectNode annotations(Res r) {
    ObjectNode meta = Resources.metadata(r.obj);
    return meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
  }

  static void buildMetadata(List<String> options, List<Res> resources) {
    if (options.contains("managedByLabel")) {
      for (Res r : resources) {
        ObjectNode meta = Resources.metadata(r.obj);
        JsonNode labels = meta.get("labels");
        ObjectNode l = labels instanceof ObjectNode o ? o : meta.putObject("labels");
        l.put("app.kubernetes.io/managed-by", "kustomize-(devel)");
      }
    }
    boolean origins = options.contains("originAnnotations");
    boolean transformers = options.contains("transformerAnnotations");
    for (Res r : resources) {
      if (origins && r.origin != null) {
        annotations(r).put("config.kubernetes.io/origin", r.origin);
      }
      if (transformers && !r.transformations.isEmpty()) {
        StringBuilder list = new StringBuilder();
        for (String t : r.transformations) {
          list.append("- ").append(t.replace("\n", "\n  ").stripTrailing()).append('\n');
        }
        annotations(r).put("alpha.config.kubernetes.io/transformations", list.toString());
      }
    }
  }
}
