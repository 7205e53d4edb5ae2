package io.flotilla.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flux's cleanup before apply: fields set by {@code kubectl} (client-side or server-side) and by
 * our own manager's non-apply updates are handed to our apply manager, and kubectl's last-applied
 * annotation is dropped. Without this, an object edited with {@code kubectl} keeps fields that the
 * manifests no longer declare. Opt out per object with {@code kustomize.toolkit.fluxcd.io/ssa:
 * Merge}. Pure: a live object in, a JSON patch (or none) out.
 */
final class MetadataCleanup {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private record Manager(String name, String operation) {}

  private MetadataCleanup() {}

  /** The JSON patch operations to run before applying, or empty when the object is clean. */
  static Optional<List<Map<String, Object>>> patch(Map<String, Object> live, String fieldManager) {
    Set<Manager> foreign =
        Set.of(
            new Manager("kubectl", "Apply"),
            new Manager("kubectl", "Update"),
            new Manager("kubectl-edit", "Update"),
            new Manager("kubectl-client-side-apply", "Update"),
            new Manager("before-first-apply", "Update"),
            new Manager(fieldManager, "Update"));
    List<Map<String, Object>> ops = new ArrayList<>();

    if (Tree.map(live, "metadata", "annotations").containsKey(LAST_APPLIED)) {
      ops.add(Map.of("op", "remove", "path", "/metadata/annotations/" + escape(LAST_APPLIED)));
    }

    List<?> entries = Tree.list(live, "metadata", "managedFields");
    List<Object> kept = new ArrayList<>();
    Map<String, Object> taken = new LinkedHashMap<>();
    Map<String, Object> ours = null;
    boolean changed = false;
    for (Object item : entries) {
      if (!(item instanceof Map<?, ?> entry)) {
        kept.add(item);
        continue;
      }
      Manager manager =
          new Manager(String.valueOf(entry.get("manager")), String.valueOf(entry.get("operation")));
      if (foreign.contains(manager) && entry.get("subresource") == null) {
        merge(taken, entry.get("fieldsV1"));
        changed = true;
      } else if (ours == null
          && manager.equals(new Manager(fieldManager, "Apply"))
          && entry.get("subresource") == null) {
        ours = copy(entry);
        kept.add(ours);
      } else {
        kept.add(item);
      }
    }
    if (changed) {
      if (ours == null) {
        ours = new LinkedHashMap<>();
        ours.put("manager", fieldManager);
        ours.put("operation", "Apply");
        ours.put("apiVersion", Tree.string(live, "", "apiVersion"));
        ours.put("fieldsType", "FieldsV1");
        ours.put("fieldsV1", new LinkedHashMap<>());
        kept.add(ours);
      }
      Map<String, Object> fields = copy(ours.get("fieldsV1"));
      merge(fields, taken);
      ours.put("fieldsV1", fields);
      ops.add(Map.of("op", "replace", "path", "/metadata/managedFields", "value", kept));
    }
    return ops.isEmpty() ? Optional.empty() : Optional.of(ops);
  }

  /** Union of two fieldsV1 trees: a field owned by either is owned by the result. */
  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Object from) {
    if (!(from instanceof Map<?, ?> source)) {
      return;
    }
    for (Map.Entry<?, ?> e : source.entrySet()) {
      String key = String.valueOf(e.getKey());
      Object existing = into.get(key);
      if (existing instanceof Map<?, ?> && e.getValue() instanceof Map<?, ?>) {
        Map<String, Object> child = copy(existing);
        merge(child, e.getValue());
        into.put(key, child);
      } else if (existing == null) {
        into.put(key, e.getValue() instanceof Map<?, ?> m ? copy(m) : e.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Object map) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (map instanceof Map<?, ?> m) {
      m.forEach((k, v) -> result.put(String.valueOf(k), v instanceof Map<?, ?> c ? copy(c) : v));
    }
    return result;
  }

  /** JSON Pointer escaping (RFC 6901). */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
