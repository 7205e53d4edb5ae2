package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code namespace:} sets metadata.namespace on every namespaced resource, the name of a v1
 * Namespace, and the namespace of (Cluster)RoleBinding subjects named {@code default} whatever
 * their kind (kustomize's default {@code setRoleBindingSubjects: defaultOnly}). Other subjects are
 * left to the name reference pass, which moves those that refer to a ServiceAccount of the build.
 */
record NamespaceFilter(String namespace, List<FieldSpec> extra) implements ResourceFilter {
  NamespaceFilter(String namespace) {
    this(namespace, List.of());
  }

  @Override
  public void apply(List<ObjectNode> resources) throws KustomizeException {
    for (ObjectNode r : resources) {
      ResId id = ResId.of(r);
      if (!ClusterScoped.is(id)) {
        Resources.metadata(r).put("namespace", namespace);
      }
      if (id.kind().equals("Namespace") && r.path("apiVersion").asText().equals("v1")) {
        Resources.metadata(r).put("name", namespace);
      }
      if (id.kind().equals("RoleBinding") || id.kind().equals("ClusterRoleBinding")) {
        for (JsonNode s : r.path("subjects")) {
          if (s instanceof ObjectNode subject
              && subject.path("name").isTextual()
              && subject.path("name").asText().equals("default")) {
            subject.put("namespace", namespace);
          }
        }
      }
      FieldSpec.visitAll(extra, r, id, (parent, field) -> parent.put(field, namespace));
    }
  }
}
