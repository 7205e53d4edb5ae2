package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** Reads of untyped object trees (maps, lists, scalars) as Jackson gives them. */
final class Tree {
  private Tree() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> of(GenericKubernetesResource resource) {
    return Serialization.jsonMapper().convertValue(resource, Map.class);
  }

  static GenericKubernetesResource toResource(Map<String, Object> tree) {
    return Serialization.jsonMapper().convertValue(tree, GenericKubernetesResource.class);
  }

  static Object get(Map<String, Object> tree, String... path) {
    Object current = tree;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> tree, String... path) {
    return get(tree, path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<?> list(Map<String, Object> tree, String... path) {
    return get(tree, path) instanceof List<?> l ? l : List.of();
  }

  static String string(Map<String, Object> tree, String fallback, String... path) {
    return get(tree, path) instanceof String s ? s : fallback;
  }

  static boolean has(Map<String, Object> tree, String... path) {
    return get(tree, path) != null;
  }

  static long number(Map<String, Object> tree, long fallback, String... path) {
    return get(tree, path) instanceof Number n ? n.longValue() : fallback;
  }
}
