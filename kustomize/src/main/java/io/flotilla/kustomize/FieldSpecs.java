package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kustomize's built-in field specs, read from {@code fieldspecs.yaml} and {@code
 * namereference.yaml}.
 */
final class FieldSpecs {
  private FieldSpecs() {}

  /** A kind others refer to by name, and the fields that hold such references. */
  record NameRef(String group, String version, String kind, List<FieldSpec> referrers) {
    boolean matches(ResId id) {
      return kind.equals(id.kind())
          && (group == null || group.equals(id.group()))
          && (version == null || version.equals(id.version()));
    }
  }

  private static final Map<String, List<FieldSpec>> BUILTIN = new TreeMap<>();
  static final List<NameRef> NAME_REFERENCES = new ArrayList<>();

  static {
    JsonNode specs = load("fieldspecs.yaml");
    for (var it = specs.fields(); it.hasNext(); ) {
      var e = it.next();
      BUILTIN.put(e.getKey(), list(e.getValue()));
    }
    for (JsonNode r : load("namereference.yaml").path("nameReference")) {
      NAME_REFERENCES.add(
          new NameRef(
              r.path("group").asText(null),
              r.path("version").asText(null),
              r.path("kind").asText(),
              list(r.path("fieldSpecs"))));
    }
  }

  static List<FieldSpec> list(JsonNode n) {
    List<FieldSpec> out = new ArrayList<>();
    for (JsonNode s : n) {
      out.add(FieldSpec.fromNode(s));
    }
    return out;
  }

  private static JsonNode load(String name) {
    try (InputStream in = FieldSpecs.class.getResourceAsStream(name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return YamlCodec.parse(text, name).get(0).node();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (KustomizeException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<FieldSpec> get(String name) {
    return BUILTIN.getOrDefault(name, List.of());
  }

  static List<FieldSpec> commonLabels() {
    return get("commonLabels");
  }

  static List<FieldSpec> metadataLabels() {
    return get("metadataLabels");
  }

  static List<FieldSpec> templateLabels() {
    return get("templateLabels");
  }

  static List<FieldSpec> annotations() {
    return get("commonAnnotations");
  }
}
