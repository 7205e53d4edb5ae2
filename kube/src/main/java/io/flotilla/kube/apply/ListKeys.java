package io.flotilla.kube.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * How a list field merges: by key (associative), as a set of scalars, or atomically (replaced as a
 * whole). Built-in kinds use the well-known list keys; custom resources read {@code
 * x-kubernetes-list-type} from their schema.
 */
public final class ListKeys {
  sealed interface Kind permits Keyed, SetOf, Atomic {}

  record Keyed(List<String> keys) implements Kind {}

  record SetOf() implements Kind {}

  record Atomic() implements Kind {}

  static final Kind ATOMIC = new Atomic();
  static final Kind SET = new SetOf();

  private static final Map<String, List<String>> BUILTIN =
      Map.ofEntries(
          Map.entry("containers", List.of("name")),
          Map.entry("initContainers", List.of("name")),
          Map.entry("ephemeralContainers", List.of("name")),
          Map.entry("volumes", List.of("name")),
          Map.entry("env", List.of("name")),
          Map.entry("imagePullSecrets", List.of("name")),
          Map.entry("resourceClaims", List.of("name")),
          Map.entry("hostAliases", List.of("ip")),
          Map.entry("conditions", List.of("type")),
          Map.entry("volumeMounts", List.of("mountPath")),
          Map.entry("volumeDevices", List.of("devicePath")),
          Map.entry("topologySpreadConstraints", List.of("topologyKey", "whenUnsatisfiable")));

  private final ResourceType type;

  public ListKeys(ResourceType type) {
    this.type = type;
  }

  /** The merge behaviour of the list at {@code path} (field names from the root). */
  Kind kindOf(List<String> path) {
    String last = path.get(path.size() - 1);
    if (path.size() == 2 && path.get(0).equals("metadata")) {
      return switch (last) {
        case "finalizers" -> SET;
        case "ownerReferences" -> new Keyed(List.of("uid"));
        default -> ATOMIC;
      };
    }
    if (type != null && type.isCustom()) {
      return fromSchema(path);
    }
    if (last.equals("ports")) {
      String parent = path.size() >= 2 ? path.get(path.size() - 2) : "";
      return parent.endsWith("ontainers")
          ? new Keyed(List.of("containerPort", "protocol"))
          : new Keyed(List.of("port", "protocol"));
    }
    List<String> keys = BUILTIN.get(last);
    return keys == null ? ATOMIC : new Keyed(keys);
  }

  /** The strategic-merge-patch key (only the first key counts there), or null. */
  String mergeKey(List<String> path) {
    if (type != null && type.isCustom()) {
      return null;
    }
    Kind k = kindOf(path);
    if (k instanceof Keyed keyed) {
      return keyed.keys().get(0);
    }
    return null;
  }

  private Kind fromSchema(List<String> path) {
    JsonNode s = type.schema();
    for (String p : path) {
      if (s == null) {
        return ATOMIC;
      }
      if (s.path("type").asText().equals("array")) {
        s = s.get("items");
        if (s == null) {
          return ATOMIC;
        }
      }
      JsonNode props = s.get("properties");
      if (props != null && props.has(p)) {
        s = props.get(p);
      } else if (s.get("additionalProperties") instanceof JsonNode ap && ap.isObject()) {
        s = ap;
      } else {
        return ATOMIC;
      }
    }
    if (s == null) {
      return ATOMIC;
    }
    String listType = s.path("x-kubernetes-list-type").asText("atomic");
    return switch (listType) {
      case "set" -> SET;
      case "map" -> {
        List<String> keys = new java.util.ArrayList<>();
        s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
        yield keys.isEmpty() ? ATOMIC : new Keyed(keys);
      }
      default -> ATOMIC;
    };
  }
}
