package io.flotilla.e2e;

import java.util.ArrayList;
import java.util.List;

/** The argument list of an az-style command on one connected cluster, as a user types it. */
final class ClusterArgs {
  private ClusterArgs() {}

  /**
   * {@code <group> <verb> -g <resourceGroup> -c <cluster> -t connectedClusters <rest>}; {@code
   * group} and {@code verb} may be several words ("k8s-configuration flux", "kustomization list").
   */
  static String[] of(
      String group, String resourceGroup, String cluster, String verb, String... rest) {
    List<String> args = new ArrayList<>(List.of(group.split(" ")));
    args.addAll(List.of(verb.split(" ")));
    args.addAll(List.of("-g", resourceGroup, "-c", cluster, "-t", "connectedClusters"));
    args.addAll(List.of(rest));
    return args.toArray(String[]::new);
  }

  /**
   * The flags of {@code flux create} for configuration {@code name} in namespace {@code name},
   * cluster scope, from branch main of {@code url}, then {@code more}.
   */
  static String[] clusterScoped(String name, String url, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-n",
                name,
                "--namespace",
                name,
                "--scope",
                "cluster",
                "-u",
                url,
                "--branch",
                "main"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** {@code k8s-configuration flux <verb> …} on {@code resourceGroup/cluster}. */
  static String[] flux(String resourceGroup, String cluster, String verb, String... rest) {
    return of("k8s-configuration flux", resourceGroup, cluster, verb, rest);
  }
}
