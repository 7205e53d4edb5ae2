package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code flotilla k8s-configuration flux …} for one connected cluster, run in process. */
record FluxCli(CliRun cli, String resourceGroup, String cluster) {
  /** {@code k8s-configuration flux <verb> -g … -c … -t connectedClusters <rest>}. */
  CliRun.Result run(String verb, String... rest) {
    return cli.run(ClusterArgs.flux(resourceGroup, cluster, verb, rest));
  }

  /**
   * Creates configuration {@code name} in namespace {@code name} (cluster scope) from branch {@code
   * main} of {@code url} with one Kustomization ({@code kustomization}: its KEY=VALUE pairs, prune
   * on); {@code more} are further flags.
   */
  void create(String name, String url, List<String> kustomization, String... more) {
    List<String> args = new ArrayList<>(List.of(ClusterArgs.clusterScoped(name, url, more)));
    args.add("--kustomization");
    args.addAll(kustomization);
    args.add("prune=true");
    CliRun.Result r = run("create", args.toArray(String[]::new));
    assertThat(r.code()).as(r.toString()).isZero();
  }

  JsonNode show(String name) {
    CliRun.Result r = run("show", "-n", name);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }
}
