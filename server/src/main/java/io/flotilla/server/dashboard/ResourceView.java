package io.flotilla.server.dashboard;

import io.flotilla.api.arm.ClusterRef;
import java.util.Optional;

/** The resource a {@code /ui/…} address names: a cluster or one of its flux configurations. */
sealed interface ResourceView {
  ClusterRef cluster();

  record Cluster(ClusterRef cluster) implements ResourceView {}

  record Configuration(ClusterRef cluster, String name) implements ResourceView {}

  /** Parses an ARM id; empty when it is neither a cluster nor a flux configuration. */
  static Optional<ResourceView> parse(String id) {
    if (id == null || !id.startsWith("/")) {
      return Optional.empty();
    }
    String[] s = id.substring(1).split("/", -1);
    for (String part : s) {
      if (part.isEmpty()) {
        return Optional.empty();
      }
    }
    if (s.length < 8
        || !s[0].equalsIgnoreCase("subscriptions")
        || !s[2].equalsIgnoreCase("resourceGroups")
        || !s[4].equalsIgnoreCase("providers")) {
      return Optional.empty();
    }
    ClusterRef ref = new ClusterRef(s[1], s[3], s[5], s[6], s[7]);
    if (s.length == 8) {
      return Optional.of(new Cluster(ref));
    }
    if (s.length == 12
        && s[8].equalsIgnoreCase("providers")
        && s[9].equalsIgnoreCase(ClusterRef.PROVIDER)
        && s[10].equalsIgnoreCase("fluxConfigurations")) {
      return Optional.of(new Configuration(ref, s[11]));
    }
    return Optional.empty();
  }
}
