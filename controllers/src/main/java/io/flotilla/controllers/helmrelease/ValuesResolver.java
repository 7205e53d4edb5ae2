package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flotilla.api.flux.helm.HelmReleaseSpec.ValuesReference;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A HelmRelease's values as helm-controller composes them: each {@code valuesFrom} entry in order
 * (a ConfigMap or Secret key, {@code values.yaml} by default, merged deeply; with {@code
 * targetPath} set at that path with Helm's {@code --set} syntax), then the inline {@code values}
 * over all of them. A missing object or key fails unless the entry is {@code optional}.
 */
final class ValuesResolver {
  static final String DEFAULT_KEY = "values.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a ConfigMap's data or a Secret's decoded data; empty when the object does not exist. */
  interface Lookup {
    Optional<Map<String, String>> read(String kind, String namespace, String name);
  }

  /** Flux's ErrValuesReference, with its wording. */
  static final class ValuesException extends Exception {
    ValuesException(String message) {
      super(message);
    }
  }

  private ValuesResolver() {}

  static ObjectNode resolve(
      String namespace, List<ValuesReference> refs, JsonNode inline, Lookup lookup)
      throws ValuesException {
    ObjectNode result = JSON.createObjectNode();
    // each object is read once, so an optional entry and a later one see the same version
    Map<String, Optional<Map<String, String>>> read = new HashMap<>();
    for (ValuesReference ref : refs == null ? List.<ValuesReference>of() : refs) {
      String kind = ref.kind() == null ? "" : ref.kind();
      if (!kind.equals("ConfigMap") && !kind.equals("Secret")) {
        throw error(namespace, ref, "unsupported values reference kind");
      }
      Optional<Map<String, String>> data =
          read.computeIfAbsent(
              kind + "/" + ref.name(), k -> lookup.read(kind, namespace, ref.name()));
      boolean optional = Boolean.TRUE.equals(ref.optional());
      if (data.isEmpty()) {
        if (optional) {
          continue;
        }
        throw error(
            namespace,
            ref,
            kind.toLowerCase(java.util.Locale.ROOT) + "s \"" + ref.name() + "\" not found");
      }
      String value = data.get().get(key(ref));
      if (value == null) {
        if (optional) {
          continue;
        }
        throw error(namespace, ref, "key not found");
      }
      if (ref.targetPath() != null && !ref.targetPath().isEmpty()) {
        try {
          SetPath.replace(result, ref.targetPath(), value, Boolean.TRUE.equals(ref.literal()));
        } catch (SetPath.InvalidPath e) {
          throw error(namespace, ref, e.getMessage());
        }
        continue;
      }
      merge(result, parse(namespace, ref, value));
    }
    if (inline != null && inline.isObject()) {
      merge(result, (ObjectNode) inline.deepCopy());
    }
    return result;
  }

  static String key(ValuesReference ref) {
    return ref.valuesKey() == null || ref.valuesKey().isEmpty() ? DEFAULT_KEY : ref.valuesKey();
  }

  private static ObjectNode parse(String namespace, ValuesReference ref, String yaml)
      throws ValuesException {
    try {
      JsonNode node = YAML.readTree(yaml);
      if (node == null || node.isNull() || node.isMissingNode()) {
        return JSON.createObjectNode();
      }
      if (!node.isObject()) {
        throw error(
            namespace, ref, "error unmarshaling values: the document is not a map of values");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      // the parser's own text may quote the (possibly secret) document: name the place only
      throw error(namespace, ref, "failed to read values data: not valid YAML");
    }
  }

  /** Flux's transform.MergeMaps: maps merge key by key, anything else is replaced. */
  static void merge(ObjectNode into, ObjectNode from) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
        merge(target, source);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private static ValuesException error(String namespace, ValuesReference ref, String reason) {
    StringBuilder b = new StringBuilder("could not resolve");
    if (Boolean.TRUE.equals(ref.optional())) {
      b.append(" optional");
    }
    if (ref.kind() != null && !ref.kind().isEmpty()) {
      b.append(' ').append(ref.kind());
    }
    b.append(" chart values reference '")
        .append(namespace)
        .append('/')
        .append(ref.name())
        .append("' with key '")
        .append(key(ref))
        .append("': ")
        .append(reason);
    return new ValuesException(b.toString());
  }
}
