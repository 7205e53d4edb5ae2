package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test helper: YAML text blocks to objects. */
final class Yaml {
  private Yaml() {}

  static GenericKubernetesResource object(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  /** Several documents separated by {@code ---}. */
  static List<GenericKubernetesResource> objects(String yaml) {
    return Arrays.stream(yaml.split("(?m)^---\\s*$"))
        .filter(s -> !s.isBlank())
        .map(Yaml::object)
        .toList();
  }

  static Map<String, Object> tree(String yaml) {
    return Tree.of(object(yaml));
  }
}
