package io.flotilla.cli.flux;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.output.IndentedJson;

/**
 * JSON as Go's {@code json.MarshalIndent(v, "", " ")} writes it: {@code "key": value}, one member
 * per line, empty containers as {@code {}}/{@code []}, and {@code <}, {@code >}, {@code &} escaped.
 */
final class GoJson {
  private GoJson() {}

  static String indent(JsonNode node) {
    return IndentedJson.write(node, false, (value, out) -> out.append(scalar(value)));
  }

  private static String scalar(JsonNode node) {
    try {
      return Kube.JSON
          .writeValueAsString(node)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
