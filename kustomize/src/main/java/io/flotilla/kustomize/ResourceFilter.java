package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One transformation over the resources of a kustomization, applied in place. */
interface ResourceFilter {
  void apply(List<ObjectNode> resources) throws KustomizeException;
}
