package io.flotilla.kube.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.flotilla.kube.base.GoBase64;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON values {@link ProtoWriter} writes, read and checked as {@code ProtoJson.value} checks
 * them (a wrong type is {@link ProtoJson.Malformed} naming the path), and RFC 3339 seconds read
 * without the general parser for the server's own form.
 */
final class JsonValues {
  private JsonValues() {}

  /**
   * Seconds of an RFC 3339 time; {@code 2006-01-02T15:04:05Z}, the form the server writes, is read
   * without the general parser (two per object in a list).
   */
  static long seconds(JsonNode json, JsonPath path) {
    String s = json.isTextual() ? json.textValue() : null;
    if (s != null && s.length() == 20 && s.charAt(19) == 'Z' && s.charAt(10) == 'T') {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 7);
      int day = digits(s, 8, 10);
      int hour = digits(s, 11, 13);
      int minute = digits(s, 14, 16);
      int second = digits(s, 17, 19);
      if (year >= 0
          && s.charAt(4) == '-'
          && s.charAt(7) == '-'
          && s.charAt(13) == ':'
          && s.charAt(16) == ':'
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= java.time.YearMonth.of(year, month).lengthOfMonth()
          && hour >= 0
          && hour <= 23
          && minute >= 0
          && minute <= 59
          && second >= 0
          && second <= 59) {
        return java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L
            + hour * 3600L
            + minute * 60L
            + second;
      }
    }
    return ProtoJson.instant(json, JsonPath.render(path)).getEpochSecond();
  }

  /** The decimal number in {@code s[from, to)}, or -1 when it is not all digits. */
  static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static String string(JsonNode v, JsonPath p) {
    return checked(v.isValueNode(), p, "a string", v).asText();
  }

  static boolean bool(JsonNode v, JsonPath p) {
    return checked(v.isBoolean(), p, "a boolean", v).booleanValue();
  }

  static int int32(JsonNode v, JsonPath p) {
    return checked(v.canConvertToInt(), p, "an integer", v).intValue();
  }

  static long int64(JsonNode v, JsonPath p) {
    return checked(v.canConvertToLong(), p, "an integer", v).longValue();
  }

  static double float64(JsonNode v, JsonPath p) {
    return checked(v.isNumber(), p, "a number", v).doubleValue();
  }

  static float float32(JsonNode v, JsonPath p) {
    return checked(v.isNumber(), p, "a number", v).floatValue();
  }

  static ByteString bytes(JsonNode v, JsonPath p) {
    String text = checked(v.isTextual(), p, "a base64 string", v).textValue();
    try {
      return ByteString.copyFrom(GoBase64.decode(text));
    } catch (IllegalArgumentException e) {
      throw new ProtoJson.Malformed(p + ": " + e.getMessage());
    }
  }

  /** {@code v} when it is {@code wellTyped}; else Malformed, naming the path and the type. */
  private static JsonNode checked(boolean wellTyped, JsonPath p, String expected, JsonNode v) {
    if (!wellTyped) {
      throw fail(p, expected, v);
    }
    return v;
  }

  static ProtoJson.Malformed fail(JsonPath p, String expected, JsonNode v) {
    return new ProtoJson.Malformed(
        JsonPath.or(p) + ": expected " + expected + ", got " + v.getNodeType());
  }

  /** The keys as Go writes map entries: sorted (often they are already). */
  static List<String> sortedKeys(JsonNode map) {
    List<String> keys = new ArrayList<>(map.size());
    map.fieldNames().forEachRemaining(keys::add);
    for (int i = 1; i < keys.size(); i++) {
      if (keys.get(i - 1).compareTo(keys.get(i)) > 0) {
        keys.sort(null);
        break;
      }
    }
    return keys;
  }
}
