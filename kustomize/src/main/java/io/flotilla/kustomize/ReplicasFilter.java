package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code replicas:} sets spec.replicas of the workloads with the given name. */
record ReplicasFilter(String name, JsonNode count, List<FieldSpec> specs) {

  void apply(List<Res> resources) throws KustomizeException {
    for (Res r : resources) {
      if (!r.names().contains(name)) {
        continue;
      }
      FieldSpec.visitAll(
          specs, r.obj, r.id(), (parent, field) -> parent.set(field, count.deepCopy()));
    }
  }
}
