package io.flotilla.server.http;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Refuses properties the API does not define, at any depth, so that a typo such as {@code
 * gitRepository.urll} is an error naming the field instead of a setting silently dropped. (The
 * shared models ignore unknown fields on purpose: agents must read newer services' JSON.)
 */
public final class KnownProperties {
  private KnownProperties() {}

  /** Checks {@code node} against {@code type}; {@code path} names it in messages. */
  public static void check(JsonNode node, Class<?> type, String path) {
    check(node, Json.MAPPER.constructType(type), path);
  }

  private static void check(JsonNode node, JavaType type, String path) {
    if (node == null || node.isNull()) {
      return;
    }
    if (type.isMapLikeType()) {
      if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          var e = it.next();
          check(e.getValue(), type.getContentType(), path + "." + e.getKey());
        }
      }
      return;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          check(node.get(i), type.getContentType(), path + "[" + i + "]");
        }
      }
      return;
    }
    if (!node.isObject() || !type.getRawClass().isRecord()) {
      return; // scalars, and type mismatches, which conversion reports with its own message
    }
    Map<String, BeanPropertyDefinition> known =
        Json.MAPPER.getDeserializationConfig().introspect(type).findProperties().stream()
            .collect(Collectors.toMap(BeanPropertyDefinition::getName, p -> p, (x, y) -> x));
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      BeanPropertyDefinition p = known.get(e.getKey());
      String where = path + "." + e.getKey();
      if (p == null) {
        throw new ArmException(
            400,
            "InvalidRequestContent",
            "The request content was invalid and could not be deserialized: '"
                + where
                + "' is not a property of "
                + path
                + ". Known properties are "
                + String.join(", ", new TreeSet<>(known.keySet()))
                + ".",
            where);
      }
      check(e.getValue(), p.getPrimaryType(), where);
    }
  }
}
