package io.flotilla.cli.flux;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** kubectl's kind lookup: a kind, resource, singular or short name to the API that serves it. */
final class Discovery {
  private Discovery() {}

  /** A kind as the server serves it. */
  record Served(String apiVersion, String kind, boolean namespaced) {}

  static Served find(Kube kube, String name, String apiVersion) {
    List<String> versions = new ArrayList<>();
    if (apiVersion != null && !apiVersion.isEmpty()) {
      versions.add(apiVersion);
    } else {
      versions.add("v1");
      for (APIGroup g : kube.call(() -> kube.client().getApiGroups()).getGroups()) {
        versions.add(g.getPreferredVersion().getGroupVersion());
      }
    }
    for (String gv : versions) {
      APIResourceList list = kube.call(() -> kube.client().getApiResources(gv));
      if (list == null) {
        continue;
      }
      Optional<APIResource> match =
          list.getResources().stream()
              .filter(r -> !r.getName().contains("/"))
              .filter(r -> matches(r, name))
              .findFirst();
      if (match.isPresent()) {
        return new Served(gv, match.get().getKind(), match.get().getNamespaced());
      }
    }
    throw new FluxException(
        "no matches for kind \""
            + name
            + "\""
            + (apiVersion == null ? "" : " in version \"" + apiVersion + "\""));
  }

  private static boolean matches(APIResource r, String name) {
    return r.getKind().equalsIgnoreCase(name)
        || r.getName().equalsIgnoreCase(name)
        || name.equalsIgnoreCase(r.getSingularName())
        || (r.getShortNames() != null
            && r.getShortNames().stream().anyMatch(name::equalsIgnoreCase));
  }
}
