package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** flux's object reference flags: {@code [<kind>/]<name>[.<namespace>]} and {@code depends-on}. */
final class References {
  private References() {}

  /** A parsed {@code --source}: kind, name and, when given, namespace. */
  record Ref(String kind, String name, String namespace) {
    ObjectNode toJson() {
      ObjectNode ref = Kube.JSON.createObjectNode();
      ref.put("kind", kind);
      ref.put("name", name);
      if (namespace != null && !namespace.isEmpty()) {
        ref.put("namespace", namespace);
      }
      return ref;
    }
  }

  /**
   * Parses {@code --source}; {@code defaultKind} null means the kind must be given. Kinds match
   * case-insensitively and are written as flux spells them.
   */
  static Ref source(String text, String defaultKind, List<String> kinds, String what) {
    if (text == null || text.isBlank()) {
      throw new FluxException("source is required");
    }
    String kind = defaultKind;
    String rest = text;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      kind = text.substring(0, slash);
      rest = text.substring(slash + 1);
    } else if (defaultKind == null) {
      throw new FluxException(
          "invalid argument \""
              + text
              + "\" for \"--source\" flag: invalid "
              + what
              + " source '"
              + text
              + "', must be in format <kind>/<name>");
    }
    String matched = null;
    for (String k : kinds) {
      if (k.equalsIgnoreCase(kind)) {
        matched = k;
      }
    }
    if (matched == null) {
      throw new FluxException(
          "invalid argument \""
              + text
              + "\" for \"--source\" flag: source kind '"
              + kind
              + "' is not supported, must be one of: "
              + String.join(", ", kinds));
    }
    String name = rest;
    String namespace = null;
    int dot = rest.indexOf('.');
    if (dot >= 0) {
      name = rest.substring(0, dot);
      namespace = rest.substring(dot + 1);
    }
    return new Ref(matched, name, namespace);
  }

  /** {@code --depends-on name,namespace/name}: flux's {@code dependsOn} list. */
  static ArrayNode dependsOn(List<String> values) {
    ArrayNode out = Kube.JSON.createArrayNode();
    for (String v : values) {
      ObjectNode dep = out.addObject();
      int slash = v.indexOf('/');
      if (slash >= 0) {
        dep.put("name", v.substring(slash + 1));
        dep.put("namespace", v.substring(0, slash));
      } else {
        dep.put("name", v);
      }
    }
    return out;
  }
}
