package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** {@code patches}, {@code patchesStrategicMerge} and {@code patchesJson6902}. */
final class Patches {
  private final Loader loader;
  private final Path dir;
  private final MergeSchema schema;

  Patches(Loader loader, Path dir, MergeSchema schema) {
    this.loader = loader;
    this.dir = dir;
    this.schema = schema;
  }

  /** One {@code patches} entry: a path or inline patch, an optional target and options. */
  void patch(List<Res> resources, ObjectNode entry) throws KustomizeException {
    String path = entry.path("path").asText("");
    String inline = entry.path("patch").asText("");
    if (path.isEmpty() == inline.isEmpty()) {
      throw new KustomizeException(
          path.isEmpty()
              ? "unable to find patch: must specify one of patch and path in patches"
              : "patch and path can't be set at the same time");
    }
    String where = path.isEmpty() ? "inline patch" : path;
    String text = path.isEmpty() ? inline : readPatch(path);
    List<YamlCodec.Document> docs = YamlCodec.parse(text, where);
    JsonNode targetNode = entry.get("target");
    boolean allowNameChange = entry.path("options").path("allowNameChange").asBoolean(false);
    boolean allowKindChange = entry.path("options").path("allowKindChange").asBoolean(false);
    if (docs.size() == 1 && docs.get(0).node() instanceof ArrayNode ops) {
      if (targetNode == null || targetNode.isNull()) {
        throw new KustomizeException("unable to apply JSON patch '" + where + "': missing target");
      }
      Selector sel = Selector.fromNode(targetNode);
      for (Res r : select(resources, sel)) {
        jsonPatch(r, ops, where, allowNameChange, allowKindChange);
      }
      return;
    }
    for (YamlCodec.Document d : docs) {
      if (!(d.node() instanceof ObjectNode p)) {
        throw new KustomizeException(where + ": a strategic merge patch must be a map");
      }
      if (targetNode == null || targetNode.isNull()) {
        smpByOwnId(resources, p, where);
      } else {
        for (Res r : select(resources, Selector.fromNode(targetNode))) {
          smp(resources, r, p, allowNameChange, allowKindChange);
        }
      }
    }
  }

  private String readPatch(String path) throws KustomizeException {
    try {
      return loader.read(loader.resolveFile(dir, path));
    } catch (KustomizeException e) {
      if (e.getMessage().startsWith("security")) throw e;
      throw e.wrap("failed to get the patch file from path(" + path + ")");
    }
  }

  void strategicMerge(List<Res> resources, String entry) throws KustomizeException {
    String text;
    String where;
    if (entry.contains("\n") || entry.trim().startsWith("apiVersion") || entry.contains(": ")) {
      text = entry;
      where = "inline patch";
    } else {
      Path p = loader.resolveFile(dir, entry);
      text = readPatch(entry);
      where = loader.display(p);
    }
    for (YamlCodec.Document d : YamlCodec.parse(text, where)) {
      if (!(d.node() instanceof ObjectNode p)) {
        throw new KustomizeException(where + ": a strategic merge patch must be a map");
      }
      smpByOwnId(resources, p, where);
    }
  }

  void json6902(List<Res> resources, ObjectNode entry) throws KustomizeException {
    String path = entry.path("path").asText("");
    String inline = entry.path("patch").asText("");
    String where = path.isEmpty() ? "inline patch" : path;
    String text = path.isEmpty() ? inline : readPatch(path);
    List<YamlCodec.Document> docs = YamlCodec.parse(text, where);
    if (docs.size() != 1 || !(docs.get(0).node() instanceof ArrayNode ops)) {
      throw new KustomizeException(where + ": a JSON 6902 patch must be a list of operations");
    }
    JsonNode t = entry.path("target");
    Selector sel =
        new Selector(
            t.path("group").asText(null),
            t.path("version").asText(null),
            t.path("kind").asText(null),
            t.path("name").asText(null),
            t.path("namespace").asText(null),
            null,
            null);
    List<Res> matched = select(resources, sel);
    if (matched.isEmpty()) {
      throw new KustomizeException(
          "unable to find patch target %s in %s".formatted(t.toString(), where));
    }
    for (Res r : matched) {
      jsonPatch(r, ops, where, true, true);
    }
  }

  private static List<Res> select(List<Res> resources, Selector sel) throws KustomizeException {
    List<Res> out = new ArrayList<>();
    for (Res r : resources) {
      if (sel.matches(r)) out.add(r);
    }
    return out;
  }

  private static void jsonPatch(
      Res r, ArrayNode ops, String where, boolean allowName, boolean allowKind)
      throws KustomizeException {
    ResId before = r.id();
    ObjectNode patched = JsonPatch.apply(r.obj, ops, where);
    r.obj = patched;
    ResId after = r.id();
    if (!after.equals(before)) {
      r.previous.add(before);
    }
  }

  /** A patch without target applies to the resource with its own kind, name and namespace. */
  private void smpByOwnId(List<Res> resources, ObjectNode p, String where)
      throws KustomizeException {
    ResId pid = ResId.of(p);
    // kustomize's GetById: the one resource that has (or had) the patch's id, an empty namespace
    // meaning "default"
    List<Res> matched = new ArrayList<>();
    for (Res r : resources) {
      if (r.hadId(pid)) matched.add(r);
    }
    if (matched.isEmpty()) {
      throw new KustomizeException(
          "no resource matches strategic merge patch \"%s\": no matches for Id %s; failed to find"
                  .formatted(pid.toString(), pid)
              + " unique target for patch "
              + pid);
    }
    if (matched.size() > 1) {
      throw new KustomizeException(
          "multiple matches for Id %s; failed to find unique target for patch %s"
              .formatted(pid, pid));
    }
    for (Res r : matched) {
      smp(resources, r, p, false, false);
    }
  }

  private void smp(
      List<Res> resources, Res r, ObjectNode patch, boolean allowName, boolean allowKind)
      throws KustomizeException {
    ObjectNode p = patch.deepCopy();
    ObjectNode meta = p.get("metadata") instanceof ObjectNode m ? m : null;
    if (!allowName || meta == null || !meta.has("name")) {
      if (meta != null) {
        meta.put("name", r.name());
      }
    }
    if (meta != null && meta.has("namespace") && !allowName) {
      if (r.namespace().isEmpty()) meta.remove("namespace");
      else meta.put("namespace", r.namespace());
    }
    if (!allowKind) {
      p.put("kind", r.obj.path("kind").asText());
      if (r.obj.has("apiVersion")) p.put("apiVersion", r.obj.path("apiVersion").asText());
    }
    ResId before = r.id();
    ObjectNode out = StrategicMerge.apply(r.obj, p, schema);
    if (out == null) {
      resources.remove(r);
      return;
    }
    r.obj = out;
    if (!r.id().equals(before)) r.previous.add(before);
    if (meta != null && !meta.isEmpty()) {
      dropEmptyMetadataMaps(r.obj);
    }
  }

  private static void dropEmptyMetadataMaps(ObjectNode obj) {
    if (obj.get("metadata") instanceof ObjectNode m) {
      for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
        it.next();
      }
    }
  }
}
