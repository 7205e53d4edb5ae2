package io.flotilla.cli.flux;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.output.IndentedJson;
import io.flotilla.gotext.GoJsonString;

/**
 * JSON as Go's {@code json.MarshalIndent(v, "", " ")} writes it: {@code "key": value}, one member
 * per line, empty containers as {@code {}}/{@code []}, strings as Go escapes them ({@link
 * GoJsonString}).
 */
final class GoJson {
  private GoJson() {}

  static String indent(JsonNode node) {
    return IndentedJson.write(node, false, (value, out) -> out.append(scalar(value)));
  }

  private static String scalar(JsonNode node) {
    if (node.isTextual()) {
      return GoJsonString.quote(node.textValue());
    }
    try {
      return Kube.JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
