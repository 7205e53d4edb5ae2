package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Drops the fields a built-in kind does not have, as kube-apiserver's decoder does when it reads a
 * body into the kind's Go type (unknown fields have nowhere to go), and names them for {@code
 * fieldValidation}: {@code spec.template.spec.containers[0].foo}. The shapes come from the kinds'
 * OpenAPI definitions, reduced at build to field names and what each holds ({@link
 * BuiltinSchemasGenerator#fieldShapes}) and read once, on the first write of a built-in kind. Only
 * names are checked here, not types. The root {@code metadata} is {@link ObjectMetaRules}'
 * business.
 */
public final class BuiltinFields {
  static final String RESOURCE = "builtin-fields.bin";

  private BuiltinFields() {}

  /** What a definition allows, reduced to the field names that matter for pruning. */
  private sealed interface Shape permits Fields, Items, Values, Ref, Open {}

  private record Fields(Map<String, Shape> properties) implements Shape {}

  private record Items(Shape item) implements Shape {}

  private record Values(Shape value) implements Shape {}

  private record Ref(String definition) implements Shape {}

  /** Anything goes: scalars, int-or-string, untyped or free-form objects. */
  private record Open() implements Shape {}

  private static final Shape OPEN = new Open();

  /** Definition name → its line of field shapes, as read; parsed when first walked. */
  private static final class Holder {
    static final Map<String, String> LINES = load();
  }

  private static final Map<String, Fields> PARSED = new ConcurrentHashMap<>();

  /** Prunes {@code obj} in place; returns the dropped fields' paths, in document order. */
  public static List<String> prune(ResourceType t, ObjectNode obj) {
    List<String> unknown = new ArrayList<>();
    if (fields(BuiltinSchemas.definitionName(t.group(), t.version(), t.kind()))
        instanceof Fields root) {
      for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("metadata")) {
          continue;
        }
        Shape s = root.properties().get(f.getKey());
        if (s == null) {
          unknown.add(f.getKey());
          it.remove();
        } else {
          walk(s, f.getValue(), new Path(null, f.getKey(), -1), unknown);
        }
      }
    }
    return unknown;
  }

  private static void walk(Shape shape, JsonNode value, Path path, List<String> unknown) {
    switch (shape) {
      case Ref r -> {
        Fields f = fields(r.definition());
        if (f != null) {
          walk(f, value, path, unknown);
        }
      }
      case Fields f -> {
        if (value instanceof ObjectNode o) {
          for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Shape s = f.properties().get(e.getKey());
            if (s == null) {
              unknown.add(new Path(path, e.getKey(), -1).toString());
              it.remove();
            } else {
              walk(s, e.getValue(), new Path(path, e.getKey(), -1), unknown);
            }
          }
        }
      }
      case Items i -> {
        if (value instanceof ArrayNode a) {
          for (int k = 0; k < a.size(); k++) {
            walk(i.item(), a.get(k), new Path(path, null, k), unknown);
          }
        }
      }
      case Values v -> {
        if (value instanceof ObjectNode o) {
          o.fields()
              .forEachRemaining(
                  e -> walk(v.value(), e.getValue(), new Path(path, e.getKey(), -1), unknown));
        }
      }
      case Open o -> {}
    }
  }

  /** The definition's fields, or null when it has none (scalars, free-form objects). */
  private static Fields fields(String definition) {
    Fields f = PARSED.get(definition);
    if (f == null) {
      String line = Holder.LINES.get(definition);
      if (line == null) {
        return null;
      }
      Map<String, Shape> shapes = new HashMap<>();
      for (String entry : line.split("\t")) {
        int space = entry.indexOf(' ');
        shapes.put(entry.substring(0, space), shape(entry, space + 1));
      }
      f = new Fields(Map.copyOf(shapes));
      PARSED.put(definition, f);
    }
    return f;
  }

  static Map<String, String> load() {
    try (InputStream in = BuiltinFields.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path (made at build)");
      }
      String text = new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> out = new HashMap<>();
      for (String line : text.split("\n")) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          out.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }

  /** Parses a shape as {@link BuiltinSchemasGenerator#shape} writes it. */
  private static Shape shape(String s, int at) {
    return switch (s.charAt(at)) {
      case '@' -> new Ref(s.substring(at + 1));
      case '[' -> new Items(shape(s, at + 1));
      case '{' -> new Values(shape(s, at + 1));
      default -> OPEN;
    };
  }

  /** A field's location, rendered only when the field is unknown. */
  private record Path(Path parent, String key, int index) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      render(sb);
      return sb.toString();
    }

    private void render(StringBuilder sb) {
      if (parent != null) {
        parent.render(sb);
      }
      if (key == null) {
        sb.append('[').append(index).append(']');
      } else {
        sb.append(sb.isEmpty() ? "" : ".").append(key);
      }
    }
  }
}
