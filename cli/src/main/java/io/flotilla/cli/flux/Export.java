package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kustomize.Yaml;
import java.io.PrintWriter;

/**
 * An object as {@code flux export} and {@code --export} print it: apiVersion, kind, name,
 * namespace, labels, annotations and spec — no status, no server metadata — as go-yaml writes it
 * (keys sorted), after a {@code ---} line.
 */
final class Export {
  private Export() {}

  static ObjectNode clean(FluxKind kind, ObjectNode object) {
    ObjectNode out = Kube.JSON.createObjectNode();
    out.put("apiVersion", kind.apiVersion());
    out.put("kind", kind.kind());
    ObjectNode meta = out.putObject("metadata");
    JsonNode from = object.path("metadata");
    for (String field : new String[] {"name", "namespace", "labels", "annotations"}) {
      JsonNode value = from.get(field);
      if (value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
        meta.set(field, value);
      }
    }
    if (object.get("spec") instanceof ObjectNode spec) {
      ObjectNode copy = spec.deepCopy();
      // flux writes from its Go type, where force has no omitempty
      if (kind == FluxKind.KUSTOMIZATION && !copy.has("force")) {
        copy.put("force", false);
      }
      out.set("spec", copy);
    }
    return out;
  }

  static void print(PrintWriter out, JsonNode object) {
    out.println("---");
    out.print(Yaml.write(object));
    out.flush();
  }
}
