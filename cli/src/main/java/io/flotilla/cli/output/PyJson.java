package io.flotilla.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.gotext.GoJsonString;

/**
 * JSON printed byte-for-byte like az's {@code -o json}: Python's {@code json.dumps(indent=2,
 * sort_keys=True, ensure_ascii=False)}; strings with JSON's own escapes only ({@link
 * GoJsonString#appendPlain}: Python, unlike Go, leaves {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 as they are).
 */
final class PyJson {
  private PyJson() {}

  static String dump(JsonNode node) {
    return IndentedJson.write(node, true, PyJson::scalar);
  }

  private static void scalar(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isTextual()) {
      GoJsonString.appendPlain(out, node.asText());
    } else if (node.isBoolean()) {
      out.append(node.asBoolean() ? "true" : "false");
    } else if (node.isFloatingPointNumber()) {
      out.append(floatRepr(node.asDouble(), false));
    } else {
      out.append(node.asText());
    }
  }

  /**
   * Python's {@code repr(float)}: shortest digits, exponent form below 1e-4 or from 1e16; PyYAML
   * lower-cases it and adds {@code .0} to an exponent without a point.
   */
  static String floatRepr(double d, boolean yaml) {
    if (Double.isNaN(d)) return yaml ? ".nan" : "NaN";
    if (Double.isInfinite(d)) {
      return yaml ? (d > 0 ? ".inf" : "-.inf") : (d > 0 ? "Infinity" : "-Infinity");
    }
    java.math.BigDecimal exact = new java.math.BigDecimal(Double.toString(d));
    double abs = Math.abs(d);
    String text;
    if (d == 0 || (abs >= 1e-4 && abs < 1e16)) {
      text = exact.toPlainString();
      if (!text.contains(".")) text += ".0";
    } else {
      java.math.BigDecimal unscaled = exact.stripTrailingZeros();
      String digits = unscaled.unscaledValue().abs().toString();
      int exponent = digits.length() - 1 - unscaled.scale();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      text =
          (d < 0 ? "-" : "")
              + mantissa
              + "e"
              + (exponent < 0 ? "-" : "+")
              + String.format("%02d", Math.abs(exponent));
      if (yaml && !mantissa.contains(".")) text = text.replace("e", ".0e");
    }
    return text;
  }
}
