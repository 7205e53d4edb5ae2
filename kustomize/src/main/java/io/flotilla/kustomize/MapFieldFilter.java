package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Adds key/value pairs to string maps at the given field specs (labels, annotations). */
record MapFieldFilter(Map<String, String> pairs, List<FieldSpec> specs) implements ResourceFilter {
  @Override
  public void apply(List<ObjectNode> resources) throws KustomizeException {
    for (ObjectNode r : resources) {
      FieldSpec.visitAll(
          specs,
          r,
          ResId.of(r),
          (parent, field) -> {
            JsonNode m = parent.get(field);
            ObjectNode target;
            if (m instanceof ObjectNode map) {
              target = map;
            } else if (m == null || m.isNull()) {
              target = parent.putObject(field);
            } else {
              return;
            }
            pairs.forEach(target::put);
          });
    }
  }
}
