package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML outside a build, read and written as the Kubernetes tools around kustomize do, under the
 * same bounds as a build's files (go-yaml's alias budget, depth, document size) and refusing a
 * mapping key written twice. For a controller's post-build substitution and a source's {@code
 * Chart.yaml} and values files: text that comes from a repository or a user.
 */
public final class Yaml {
  private Yaml() {}

  /** Text that is not YAML, or that breaks a bound; the message is go-yaml's. */
  public static final class InvalidYamlException extends Exception {
    InvalidYamlException(String message) {
      super(message);
    }
  }

  /**
   * The non-empty documents of {@code text}, read as sigs.k8s.io/yaml reads them (go-yaml v2
   * scalars: {@code yes}/{@code no} are booleans, timestamps stay text), the way Flux and Helm turn
   * YAML into JSON.
   *
   * @throws InvalidYamlException e.g. {@code yaml: line 4: mapping key "a" already defined at line
   *     2}, {@code yaml: document contains excessive aliasing}
   */
  public static List<JsonNode> read(String text) throws InvalidYamlException {
    try {
      List<JsonNode> out = new ArrayList<>();
      for (YamlCodec.Document d : YamlCodec.read(text, "", true)) {
        out.add(d.node());
      }
      return out;
    } catch (YamlCodec.Malformed e) {
      throw new InvalidYamlException(e.goYamlMessage());
    }
  }

  /** One object as {@code kustomize build} prints it. */
  public static String write(JsonNode object) {
    return YamlCodec.write(object);
  }
}
