package io.flotilla.kustomize.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Combines {@code valuesInline} with the chart's values file as kustomize does (through mergo):
 * maps merge key by key at every depth and an inline null is ignored; for any other value, {@code
 * override} takes the inline one (even {@code 0} or {@code false}) and {@code merge} keeps the
 * file's one whenever the file has the key (even when it is null or empty).
 */
final class HelmValues {
  private HelmValues() {}

  /** Returns the values helm gets; neither argument is modified. */
  static ObjectNode combine(ObjectNode fileValues, ObjectNode inline, HelmChart.ValuesMerge mode) {
    if (mode == HelmChart.ValuesMerge.REPLACE) {
      return inline.deepCopy();
    }
    ObjectNode out = fileValues.deepCopy();
    merge(out, inline, mode == HelmChart.ValuesMerge.OVERRIDE);
    return out;
  }

  private static void merge(ObjectNode dst, ObjectNode src, boolean override) {
    for (var it = src.fields(); it.hasNext(); ) {
      var e = it.next();
      String key = e.getKey();
      JsonNode s = e.getValue();
      JsonNode d = dst.get(key);
      if (s.isNull()) {
        continue;
      }
      if (s instanceof ObjectNode sm && d instanceof ObjectNode dm) {
        merge(dm, sm, override);
      } else if (override || d == null) {
        dst.set(key, s.deepCopy());
      }
    }
  }
}
