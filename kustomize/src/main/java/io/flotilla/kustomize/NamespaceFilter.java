package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code namespace:} sets metadata.namespace on every namespaced resource. */
record NamespaceFilter(String namespace) implements ResourceFilter {
  @Override
  public void apply(List<ObjectNode> resources) {
    for (ObjectNode r : resources) {
      if (!ClusterScoped.is(ResId.of(r))) {
        Resources.metadata(r).put("namespace", namespace);
      }
    }
  }
}
