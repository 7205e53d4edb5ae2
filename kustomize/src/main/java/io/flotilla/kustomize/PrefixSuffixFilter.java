package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * {@code namePrefix}/{@code nameSuffix} on metadata.name; like kustomize it leaves Namespaces,
 * CustomResourceDefinitions and APIServices alone, whose names carry meaning.
 */
record PrefixSuffixFilter(String prefix, String suffix) implements ResourceFilter {
  private static final Set<String> SKIPPED =
      Set.of("Namespace", "CustomResourceDefinition", "APIService");

  @Override
  public void apply(List<ObjectNode> resources) {
    for (ObjectNode r : resources) {
      ResId id = ResId.of(r);
      if (!SKIPPED.contains(id.kind())) {
        Resources.metadata(r).put("name", nullToEmpty(prefix) + id.name() + nullToEmpty(suffix));
      }
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
