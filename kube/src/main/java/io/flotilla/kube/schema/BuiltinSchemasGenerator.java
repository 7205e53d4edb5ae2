package io.flotilla.kube.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Runs at build (exec-maven-plugin, process-classes): cuts fabric8's {@code
 * openshift-generated.json} (6.4 MB, read in a second by a cold JVM) down to the Kubernetes
 * definitions in the compact form {@link BuiltinSchemas} reads in milliseconds. Public only for the
 * plugin.
 */
public final class BuiltinSchemasGenerator {
  static final String SOURCE = "openshift-generated.json";

  /** Referenced by the Kubernetes definitions but absent from the source. */
  private static final Map<String, String> OPAQUE_OBJECTS =
      Map.of(
          "io.k8s.apimachinery.pkg.runtime.RawExtension", "{\"type\":\"object\"}",
          "io.k8s.apimachinery.pkg.runtime.Object", "{\"type\":\"object\"}");

  private BuiltinSchemasGenerator() {}

  /** Arguments: the definitions' file, the fields' file. */
  public static void main(String[] args) throws IOException {
    Map<String, byte[]> defs;
    try (InputStream in =
        BuiltinSchemasGenerator.class.getClassLoader().getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            SOURCE + " (io.fabric8:kubernetes-model-validator) is not on the class path");
      }
      defs = kubernetesDefinitions(in);
    }
    Path definitions = Path.of(args[0]);
    Files.createDirectories(definitions.getParent());
    try (OutputStream out = Files.newOutputStream(definitions)) {
      write(defs, out);
    }
    try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      writeFields(fieldShapes(defs), out);
    }
  }

  /**
   * Each object definition's fields and what each holds: {@code @<definition>}, {@code [<shape>} (a
   * list of), <code>{&lt;shape></code> (a map of) or {@code *} (anything: scalars, int-or-string).
   * Kubernetes' definitions name every struct, so nothing else occurs; the build fails if that ever
   * changes.
   */
  static Map<String, Map<String, String>> fieldShapes(Map<String, byte[]> defs) throws IOException {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : defs.entrySet()) {
      JsonNode def = Json.MAPPER.readTree(e.getValue());
      if (def.get("properties") instanceof ObjectNode props) {
        Map<String, String> fields = new TreeMap<>();
        props
            .fields()
            .forEachRemaining(
                p -> fields.put(p.getKey(), shape(p.getValue(), e.getKey() + "." + p.getKey())));
        out.put(e.getKey(), fields);
      }
    }
    return out;
  }

  static String shape(JsonNode schema, String where) {
    JsonNode ref = schema.get("$ref");
    if (ref != null) {
      return "@" + ref.asText().substring(BuiltinSchemas.REF_V2.length());
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return "*";
    }
    if (schema.has("items")) {
      return "[" + shape(schema.get("items"), where + "[]");
    }
    if (schema.has("properties")) {
      throw new IllegalStateException(where + ": an inline object schema has no shape here");
    }
    if (schema.get("additionalProperties") instanceof ObjectNode values) {
      return "{" + shape(values, where + "{}");
    }
    return "*";
  }

  /** One line per definition: its name, then a tab-separated {@code <field> <shape>} each. */
  static void writeFields(Map<String, Map<String, String>> shapes, OutputStream out)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Map<String, String>> e : shapes.entrySet()) {
      sb.append(e.getKey());
      e.getValue()
          .forEach((field, shape) -> sb.append('\t').append(field).append(' ').append(shape));
      sb.append('\n');
    }
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Streams the document, keeping only {@code definitions} named {@code io.k8s.*}, sorted. */
  static Map<String, byte[]> kubernetesDefinitions(InputStream in) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (JsonParser p = Json.MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("definitions")) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (!name.startsWith("io.k8s.")) {
            p.skipChildren();
            continue;
          }
          JsonNode def = Json.MAPPER.readTree(p);
          if (def instanceof ObjectNode o) {
            o.remove("x-fabric8-info"); // fabric8's own, and its Group is always ""
            out.put(name, Json.MAPPER.writeValueAsBytes(o));
          }
        }
      }
    }
    OPAQUE_OBJECTS.forEach((k, v) -> out.putIfAbsent(k, v.getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  static void write(Map<String, byte[]> defs, OutputStream out) throws IOException {
    try (DataOutputStream d = new DataOutputStream(new GZIPOutputStream(out))) {
      d.writeInt(defs.size());
      for (Map.Entry<String, byte[]> e : defs.entrySet()) {
        d.writeUTF(e.getKey());
        d.writeInt(e.getValue().length);
        d.write(e.getValue());
      }
    }
  }
}
