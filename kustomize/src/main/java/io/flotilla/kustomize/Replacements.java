package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flotilla.gotext.GoFloat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code replacements}: copy a value from one resource's field into fields of others. Field paths
 * are dotted ({@code spec.template.spec.containers.[name=app].image}); options delimiter/index pick
 * part of a string and create makes missing fields.
 */
final class Replacements {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final Loader loader;
  private final Path dir;

  Replacements(Loader loader, Path dir) {
    this.loader = loader;
    this.dir = dir;
  }

  void apply(List<Res> resources, ObjectNode entry) throws KustomizeException {
    if (entry.has("path")) {
      Path p = loader.resolveFile(dir, entry.path("path").asText());
      for (YamlCodec.Document d : YamlCodec.parse(loader.read(p), loader.display(p))) {
        if (d.node() instanceof ArrayNode arr) {
          for (JsonNode e : arr) apply(resources, (ObjectNode) e);
        } else if (d.node() instanceof ObjectNode o) {
          apply(resources, o);
        }
      }
      return;
    }
    JsonNode source = entry.get("source");
    if (source == null) {
      throw new KustomizeException("replacements must specify a source and at least one target");
    }
    Selector sel = Selector.fromNode(source);
    Res src = null;
    for (Res r : resources) {
      if (sel.matches(r)) {
        if (src != null) {
          throw new KustomizeException("multiple matches for selector " + selectorString(source));
        }
        src = r;
      }
    }
    if (src == null) {
      throw new KustomizeException("nothing selected by " + selectorString(source));
    }
    String fieldPath = source.path("fieldPath").asText("metadata.name");
    List<JsonNode> found = new ArrayList<>();
    find(src.obj, segments(fieldPath), 0, found);
    if (found.isEmpty()) {
      throw new KustomizeException(
          "fieldPath `" + fieldPath + "` is missing for replacement source " + src.id());
    }
    JsonNode value = found.get(0);
    JsonNode opts = source.path("options");
    if (opts.has("delimiter")) {
      String[] parts =
          value.asText().split(java.util.regex.Pattern.quote(opts.path("delimiter").asText()), -1);
      int index = opts.path("index").asInt(0);
      if (index < 0 || index >= parts.length) {
        throw new KustomizeException(
            "options.index " + index + " is out of bounds for value " + value.asText());
      }
      value = TextNode.valueOf(parts[index]);
    }
    for (JsonNode t : entry.path("targets")) {
      Selector select = Selector.fromNode(t.path("select"));
      List<Selector> reject = new ArrayList<>();
      for (JsonNode r : t.path("reject")) reject.add(Selector.fromNode(r));
      for (Res r : resources) {
        if (!select.matches(r)) continue;
        boolean rejected = false;
        for (Selector rj : reject) if (rj.matches(r)) rejected = true;
        if (rejected) continue;
        List<String> paths = new ArrayList<>();
        t.path("fieldPaths").forEach(p -> paths.add(p.asText()));
        if (paths.isEmpty()) paths.add("metadata.name");
        for (String fp : paths) {
          set(r, segments(fp), value, t.path("options"), fp);
        }
      }
    }
  }

  /** kustomize's form: {@code Secret.[noVer].[noGrp]/name.[noNs]:fieldPath}. */
  private static String selectorString(JsonNode s) {
    String v = s.path("version").asText("");
    String g = s.path("group").asText("");
    String ns = s.path("namespace").asText("");
    return "%s.%s.%s/%s.%s:%s"
        .formatted(
            s.path("kind").asText(""),
            v.isEmpty() ? "[noVer]" : v,
            g.isEmpty() ? "[noGrp]" : g,
            s.path("name").asText(""),
            ns.isEmpty() ? "[noNs]" : ns,
            s.path("fieldPath").asText("metadata.name"));
  }

  static List<String> segments(String path) {
    return TopLevel.split(path, '.', '[', ']');
  }

  private static void find(JsonNode node, List<String> segs, int i, List<JsonNode> out) {
    if (node == null) return;
    if (i == segs.size()) {
      out.add(node);
      return;
    }
    String seg = segs.get(i);
    if (node instanceof ArrayNode arr) {
      if (seg.equals("*")) {
        for (JsonNode el : arr) find(el, segs, i + 1, out);
      } else if (seg.startsWith("[") && seg.endsWith("]") && seg.contains("=")) {
        String[] kv = seg.substring(1, seg.length() - 1).split("=", 2);
        for (JsonNode el : arr) {
          if (el.path(kv[0]).asText("\u0000").equals(kv[1])) find(el, segs, i + 1, out);
        }
      } else if (seg.matches("\\d+")) {
        find(arr.get(Integer.parseInt(seg)), segs, i + 1, out);
      }
    } else if (node instanceof ObjectNode o) {
      if (seg.equals("*")) {
        o.elements().forEachRemaining(el -> find(el, segs, i + 1, out));
      } else {
        find(o.get(seg), segs, i + 1, out);
      }
    }
  }

  private static void set(Res r, List<String> segs, JsonNode value, JsonNode opts, String fp)
      throws KustomizeException {
    boolean create = opts.path("create").asBoolean(false);
    List<JsonNode[]> slots = new ArrayList<>();
    locate(r.obj, segs, 0, create, slots);
    if (slots.isEmpty() && !create) {
      throw new KustomizeException(
          "unable to find field \"" + fp + "\" in replacement target " + r.id());
    }
    for (JsonNode[] slot : slots) {
      JsonNode parent = slot[0];
      String key = slot[1].asText();
      JsonNode existing =
          parent instanceof ObjectNode o
              ? o.get(key)
              : ((ArrayNode) parent).get(Integer.parseInt(key));
      JsonNode v = retagged(value, existing);
      if (opts.has("delimiter")) {
        JsonNode cur =
            parent instanceof ObjectNode o
                ? o.get(key)
                : ((ArrayNode) parent).get(Integer.parseInt(key));
        String delim = opts.path("delimiter").asText();
        String[] parts =
            cur == null
                ? new String[] {""}
                : cur.asText().split(java.util.regex.Pattern.quote(delim), -1);
        int index = opts.path("index").asInt(0);
        List<String> list = new ArrayList<>(List.of(parts));
        if (index >= list.size()) {
          list.add(value.asText());
        } else if (index < 0) {
          list.add(0, value.asText());
        } else {
          list.set(index, value.asText());
        }
        v = retagged(TextNode.valueOf(String.join(delim, list)), existing);
      }
      if (parent instanceof ObjectNode o) o.set(key, v);
      else ((ArrayNode) parent).set(Integer.parseInt(key), v);
    }
    ResId now = r.id();
    if (!r.names().isEmpty() && !now.name().equals(r.names().get(r.names().size() - 1))) {
      // the id changed: remember the old one
    }
  }

  /**
   * A scalar copied into a target keeps the target's tag: an existing string stays a string, an
   * existing number a number; a created (or null) target gets an untagged scalar, which kustomize
   * prints as a plain scalar with the text would read.
   */
  private static JsonNode retagged(JsonNode value, JsonNode existing) {
    if (!value.isValueNode() || value.isNull()) return value.deepCopy();
    String text =
        value.isFloatingPointNumber() ? GoFloat.format(value.doubleValue()) : value.asText();
    if (existing == null || existing.isNull() || existing instanceof UntaggedScalar) {
      return new UntaggedScalar(text);
    }
    if (existing.isTextual()) return TextNode.valueOf(text);
    if (existing.isValueNode()) return ScalarResolver.resolve(text);
    return value.deepCopy();
  }

  private static void locate(
      JsonNode node, List<String> segs, int i, boolean create, List<JsonNode[]> out) {
    String seg = segs.get(i);
    boolean last = i == segs.size() - 1;
    if (node instanceof ArrayNode arr) {
      List<Integer> idx = new ArrayList<>();
      if (seg.equals("*")) {
        for (int k = 0; k < arr.size(); k++) idx.add(k);
      } else if (seg.startsWith("[") && seg.endsWith("]") && seg.contains("=")) {
        String[] kv = seg.substring(1, seg.length() - 1).split("=", 2);
        for (int k = 0; k < arr.size(); k++) {
          if (arr.get(k).path(kv[0]).asText("\u0000").equals(kv[1])) idx.add(k);
        }
        if (idx.isEmpty() && create) {
          ObjectNode el = arr.addObject();
          el.put(kv[0], kv[1]);
          idx.add(arr.size() - 1);
        }
      } else if (seg.matches("\\d+") && Integer.parseInt(seg) < arr.size()) {
        idx.add(Integer.parseInt(seg));
      }
      for (int k : idx) {
        if (last) out.add(new JsonNode[] {arr, TextNode.valueOf(String.valueOf(k))});
        else locate(arr.get(k), segs, i + 1, create, out);
      }
    } else if (node instanceof ObjectNode o) {
      if (last) {
        if (o.has(seg) || create) out.add(new JsonNode[] {o, TextNode.valueOf(seg)});
        return;
      }
      JsonNode child = o.get(seg);
      if ((child == null || child.isNull()) && create) {
        String next = segs.get(i + 1);
        child = next.startsWith("[") || next.matches("\\d+") ? o.putArray(seg) : o.putObject(seg);
      }
      if (child != null) locate(child, segs, i + 1, create, out);
    }
  }

  static ObjectNode empty() {
    return F.objectNode();
  }
}
