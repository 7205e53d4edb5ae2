package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.gotext.GoFloat;
import io.flotilla.gotext.GoJsonString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The name suffix kustomize gives generated ConfigMaps and Secrets: SHA-256 over a JSON encoding of
 * the content (Go's encoding/json, keys sorted), the first ten hex digits with 0, 1, 3, a and e
 * replaced so the suffix never reads as a word or number.
 */
final class Hasher {
  private Hasher() {}

  static String hash(ObjectNode obj) {
    String kind = obj.path("kind").asText();
    StringBuilder json = new StringBuilder("{");
    if (kind.equals("ConfigMap")) {
      JsonNode bin = obj.get("binaryData");
      if (bin instanceof ObjectNode b && !b.isEmpty()) {
        json.append("\"binaryData\":");
        map(json, b);
        json.append(',');
      }
      json.append("\"data\":");
      map(json, obj.get("data"));
      json.append(",\"kind\":\"ConfigMap\",\"name\":\"\"}");
    } else {
      json.append("\"data\":");
      map(json, obj.get("data"));
      json.append(",\"kind\":\"Secret\",\"name\":\"\",\"type\":");
      GoJsonString.append(json, obj.path("type").asText(""));
      json.append('}');
    }
    return encode(sha256(json.toString()));
  }

  private static void map(StringBuilder json, JsonNode m) {
    if (!(m instanceof ObjectNode o) || o.isEmpty()) {
      json.append(m instanceof ObjectNode ? "{}" : "null");
      return;
    }
    List<String> keys = new ArrayList<>();
    o.fieldNames().forEachRemaining(keys::add);
    keys.sort(Hasher::utf8Compare);
    json.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) json.append(',');
      GoJsonString.append(json, keys.get(i));
      json.append(':');
      value(json, o.get(keys.get(i)));
    }
    json.append('}');
  }

  /**
   * A data value as Go's encoding/json writes the decoded YAML value: kustomize hashes what a value
   * reads as, so an untyped number (a replacement's) counts as a number, not as its text.
   */
  private static void value(StringBuilder json, JsonNode v) {
    JsonNode n = v instanceof UntaggedScalar u ? ScalarResolver.resolve(u.asText()) : v;
    if (n.isTextual()) {
      GoJsonString.append(json, n.asText());
    } else if (n.isNull()) {
      json.append("null");
    } else if (n.isBoolean() || n.isIntegralNumber()) {
      json.append(n.asText());
    } else if (n.isNumber()) {
      json.append(GoFloat.json(n.doubleValue()));
    } else {
      GoJsonString.append(json, n.asText());
    }
  }

  private static int utf8Compare(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) hex.append(String.format("%02x", b));
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String encode(String hex) {
    char[] c = hex.substring(0, 10).toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] =
          switch (c[i]) {
            case '0' -> 'g';
            case '1' -> 'h';
            case '3' -> 'k';
            case 'a' -> 'm';
            case 'e' -> 't';
            default -> c[i];
          };
    }
    return new String(c);
  }
}
