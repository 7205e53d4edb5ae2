package io.flotilla.apply;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a dry-run result differs from the live object. Only what a user declares counts:
 * labels, annotations and everything outside {@code metadata} and {@code status}. Server noise
 * (resourceVersion, generation, managedFields, uid, timestamps) and the empty-vs-absent and
 * int-vs-long differences of decoded JSON are ignored.
 */
final class Drift {
  private Drift() {}

  static boolean drifted(Map<String, Object> live, Map<String, Object> dryRun) {
    return !Objects.equals(normalise(live), normalise(dryRun));
  }

  /** The comparable part of an object; also handy for tests and diagnostics. */
  static Object normalise(Map<String, Object> object) {
    Map<String, Object> copy = new LinkedHashMap<>(object);
    copy.remove("status");
    Map<String, Object> metadata = Tree.map(object, "metadata");
    Map<String, Object> kept = new LinkedHashMap<>();
    if (metadata.get("labels") != null) {
      kept.put("labels", metadata.get("labels"));
    }
    if (metadata.get("annotations") != null) {
      kept.put("annotations", metadata.get("annotations"));
    }
    copy.put("metadata", kept);
    return canonical(copy);
  }

  private static Object canonical(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object v = canonical(e.getValue());
        if (v != null) {
          result.put(String.valueOf(e.getKey()), v);
        }
      }
      return result.isEmpty() ? null : result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>(list.size());
      for (Object item : list) {
        Object v = canonical(item);
        // keep positions: an empty element still occupies a slot
        result.add(v == null ? Map.of() : v);
      }
      return result.isEmpty() ? null : result;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros();
    }
    return value;
  }
}
