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
      ResId id = r.id();
      for (FieldSpec fs : specs) {
        if (fs.appliesTo(id)) {
          fs.visit(r.obj, (parent, field) -> parent.set(field, count.deepCopy()));
        }
      }
    }
  }
}
