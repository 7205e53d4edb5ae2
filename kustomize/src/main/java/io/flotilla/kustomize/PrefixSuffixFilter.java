package io.flotilla.kustomize;

import java.util.List;

/**
 * {@code namePrefix} or {@code nameSuffix} on metadata.name. Like kustomize it leaves Namespaces,
 * CustomResourceDefinitions and apiregistration's APIServices alone (judged by the original id),
 * whose names carry meaning, and remembers the previous id and the affix of each resource it
 * renames (name references prefer candidates renamed in the same context).
 */
record PrefixSuffixFilter(String affix, boolean isPrefix) {

  static PrefixSuffixFilter prefix(String prefix) {
    return new PrefixSuffixFilter(prefix, true);
  }

  static PrefixSuffixFilter suffix(String suffix) {
    return new PrefixSuffixFilter(suffix, false);
  }

  void apply(List<Res> resources) {
    for (Res r : resources) {
      if (skipped(r.origin())) continue;
      r.storePrevious();
      String name = r.name();
      if (isPrefix) {
        r.prefixes.add(affix);
        Resources.metadata(r.obj).put("name", affix + name);
      } else {
        r.suffixes.add(affix);
        Resources.metadata(r.obj).put("name", name + affix);
      }
    }
  }

  private static boolean skipped(ResId id) {
    return switch (id.kind()) {
      case "Namespace", "CustomResourceDefinition" -> true;
      case "APIService" -> id.group().equals("apiregistration.k8s.io");
      default -> false;
    };
  }
}
