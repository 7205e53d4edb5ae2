package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Turns v2-form schemas into the OpenAPI v3 form kube-apiserver serves: references point into
 * {@code #/components/schemas/}, and a reference with siblings (a description, a default) is
 * wrapped in a one-element {@code allOf}, since a v3 {@code $ref} stands alone.
 */
public final class OpenApiV3 {
  public static final String REF = "#/components/schemas/";

  private static final List<String> SCHEMA_LISTS = List.of("allOf", "anyOf", "oneOf");

  private OpenApiV3() {}

  /** Rewrites {@code schema} in place. */
  public static void convert(JsonNode schema) {
    if (!(schema instanceof ObjectNode s)) {
      return;
    }
    JsonNode ref = s.get("$ref");
    if (ref != null && ref.isTextual() && ref.asText().startsWith(BuiltinSchemas.REF_V2)) {
      String target = REF + ref.asText().substring(BuiltinSchemas.REF_V2.length());
      if (s.size() == 1) {
        s.put("$ref", target);
      } else {
        s.remove("$ref");
        s.putArray("allOf").addObject().put("$ref", target);
      }
      return; // siblings of a reference are annotations, no schemas
    }
    if (s.get("properties") instanceof ObjectNode props) {
      props.forEach(OpenApiV3::convert);
    }
    JsonNode items = s.get("items");
    if (items != null && items.isArray()) {
      items.forEach(OpenApiV3::convert);
    } else {
      convert(items);
    }
    convert(s.get("additionalProperties"));
    convert(s.get("not"));
    for (String list : SCHEMA_LISTS) {
      JsonNode l = s.get(list);
      if (l != null) {
        l.forEach(OpenApiV3::convert);
      }
    }
  }
}
