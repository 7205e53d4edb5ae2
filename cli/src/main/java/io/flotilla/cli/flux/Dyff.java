package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kustomize.Yaml;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The drift report {@code flux diff} prints (dyff's human report without indent): per path, a value
 * change ({@code ± value change}, {@code - old}, {@code + new}) or the map and list entries added
 * or removed; list items that have a {@code name} are matched by it and named in the path.
 */
final class Dyff {
  private static final String[] WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve"
  };

  private final StringBuilder out = new StringBuilder();

  private Dyff() {}

  /** The report of what changes from {@code live} to {@code wanted}; empty when nothing does. */
  static String of(JsonNode live, JsonNode wanted) {
    Dyff d = new Dyff();
    d.compare("", live, wanted);
    return d.out.toString();
  }

  private void compare(String path, JsonNode a, JsonNode b) {
    if (a.equals(b)) {
      return;
    }
    if (a instanceof ObjectNode ma && b instanceof ObjectNode mb) {
      ObjectNode added = Kube.JSON.createObjectNode();
      ObjectNode removed = Kube.JSON.createObjectNode();
      for (Iterator<String> it = mb.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!ma.has(k)) {
          added.set(k, mb.get(k));
        }
      }
      for (Iterator<String> it = ma.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!mb.has(k)) {
          removed.set(k, ma.get(k));
        }
      }
      entries(path, removed, '-', "map entry", "map entries");
      entries(path, added, '+', "map entry", "map entries");
      for (Iterator<String> it = mb.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (ma.has(k)) {
          compare(join(path, k), ma.get(k), mb.get(k));
        }
      }
      return;
    }
    if (a instanceof ArrayNode la && b instanceof ArrayNode lb && named(la) && named(lb)) {
      ArrayNode added = Kube.JSON.createArrayNode();
      ArrayNode removed = Kube.JSON.createArrayNode();
      for (JsonNode x : lb) {
        JsonNode match = find(la, x.path("name").asText());
        if (match == null) {
          added.add(x);
        } else {
          compare(join(path, x.path("name").asText()), match, x);
        }
      }
      for (JsonNode x : la) {
        if (find(lb, x.path("name").asText()) == null) {
          removed.add(x);
        }
      }
      entries(path, removed, '-', "list entry", "list entries");
      entries(path, added, '+', "list entry", "list entries");
      return;
    }
    out.append(path).append('\n').append("± value change\n");
    out.append(block('-', a)).append(block('+', b)).append('\n');
  }

  private void entries(String path, JsonNode entries, char sign, String one, String many) {
    if (entries.isEmpty()) {
      return;
    }
    int n = entries.size();
    String count = n < WORDS.length ? WORDS[n] : Integer.toString(n);
    out.append(path).append('\n');
    out.append(sign).append(' ').append(count).append(' ').append(n == 1 ? one : many);
    out.append(sign == '+' ? " added:\n" : " removed:\n");
    out.append(Yaml.write(entries)).append('\n');
  }

  private static String block(char sign, JsonNode value) {
    String text = value.isValueNode() ? value.asText() : Yaml.write(value).stripTrailing();
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      b.append(sign).append(' ').append(line).append('\n');
    }
    return b.toString();
  }

  private static boolean named(ArrayNode list) {
    List<String> names = new ArrayList<>();
    for (JsonNode x : list) {
      if (!x.isObject() || !x.path("name").isTextual() || names.contains(x.path("name").asText())) {
        return false;
      }
      names.add(x.path("name").asText());
    }
    return true;
  }

  private static JsonNode find(ArrayNode list, String name) {
    for (JsonNode x : list) {
      if (x.path("name").asText().equals(name)) {
        return x;
      }
    }
    return null;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
