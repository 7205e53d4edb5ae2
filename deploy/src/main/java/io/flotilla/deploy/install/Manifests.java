package io.flotilla.deploy.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.util.List;

/** Objects to YAML documents and to the untyped form the apply engine takes. */
public final class Manifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  private Manifests() {}

  /** Each object as a YAML document starting with {@code ---}, in the given order. */
  public static String yaml(List<? extends HasMetadata> objects) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata object : objects) {
      try {
        out.append(YAML.writeValueAsString(tree(object)));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString();
  }

  /** The object as JSON, fields as the API server would take them. */
  public static JsonNode tree(HasMetadata object) {
    try {
      return JSON.readTree(SERIALIZATION.asJson(object));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GenericKubernetesResource generic(HasMetadata object) {
    if (object instanceof GenericKubernetesResource g) {
      return g;
    }
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(object), GenericKubernetesResource.class);
  }

  public static List<GenericKubernetesResource> generic(List<? extends HasMetadata> objects) {
    return objects.stream().map(Manifests::generic).toList();
  }

  /** Every document of a YAML stream, untyped (empty documents skipped). */
  public static List<GenericKubernetesResource> parse(String yaml) {
    try {
      return YAML
          .readValues(new YAMLFactory().createParser(yaml), JsonNode.class)
          .readAll()
          .stream()
          .filter(n -> n != null && n.isObject() && !n.isEmpty())
          .map(n -> SERIALIZATION.unmarshal(n.toString(), GenericKubernetesResource.class))
          .toList();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
