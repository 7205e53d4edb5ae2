package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.FluxCrds;
import io.flotilla.cli.Cli;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.CliRunner;
import io.flotilla.cli.CliRunner.Result;
import io.flotilla.testkit.TestKube;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * An embedded API with the Flux CRDs, its kubeconfig, and the CLI run in process against it: what a
 * user has after {@code ./flotilla up} (which writes {@code <data-dir>/kubeconfig}).
 */
final class FluxCluster implements AutoCloseable {
  final TestKube kube;
  final Path kubeconfig;
  private final Path home;

  private FluxCluster(TestKube kube, Path dir) {
    this.kube = kube;
    this.kubeconfig = dir.resolve("kubeconfig");
    this.home = dir.resolve("home");
    kube.api().writeKubeconfig(kubeconfig);
  }

  static FluxCluster start(Path dir) {
    return start(TestKube.start(), dir);
  }

  /** A cluster that enforces RBAC; the kubeconfig's user is a cluster admin. */
  static FluxCluster startWithRbac(Path dir) {
    return start(TestKube.startWithRbac(), dir);
  }

  private static FluxCluster start(TestKube kube, Path dir) {
    FluxCrds.install(kube.client());
    FluxCluster cluster = new FluxCluster(kube, dir);
    cluster.namespace("flux-system");
    return cluster;
  }

  KubernetesClient client() {
    return kube.client();
  }

  void namespace(String name) {
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(r -> r.update());
  }

  /** Runs {@code flotilla <args>} as a user whose KUBECONFIG points at this cluster. */
  Result run(String... args) {
    return runWith(Map.of("KUBECONFIG", kubeconfig.toString()), "", args);
  }

  /** A command still running: its output so far, and its result once it ends. */
  record Running(
      StringWriter out, StringWriter err, java.util.concurrent.CompletableFuture<Result> result) {}

  Running start(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(
            Map.of("KUBECONFIG", kubeconfig.toString()),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new BufferedReader(new StringReader("")),
            home);
    var result =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> new Result(Cli.run(environment, args), out.toString(), err.toString()));
    return new Running(out, err, result);
  }

  Result runWith(Map<String, String> env, String stdin, String... args) {
    CliRunner runner = new CliRunner(home).stdin(stdin);
    env.forEach(runner::env);
    return runner.run(args);
  }

  /** Creates an object from YAML, as {@code kubectl create -f} would. */
  GenericKubernetesResource create(String yaml) {
    GenericKubernetesResource r =
        client().getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    return client().resource(r).create();
  }

  /** Creates {@code GitRepository <namespace>/<name>} of podinfo's {@code branch}, every minute. */
  GenericKubernetesResource podinfoSource(String namespace, String name, String branch) {
    return create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: %s, namespace: %s}
        spec: {url: https://github.com/stefanprodan/podinfo, interval: 1m0s, ref: {branch: %s}}
        """
            .formatted(name, namespace, branch));
  }

  /**
   * Creates podinfo's Helm chain in {@code namespace}: {@code HelmRepository podinfo}, {@code
   * HelmChart <namespace>-podinfo} of version 6.x from it, and {@code HelmRelease podinfo} of that
   * chart; no statuses.
   */
  void podinfoHelmChain(String namespace) {
    create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata: {name: podinfo, namespace: %s}
        spec: {url: "https://stefanprodan.github.io/podinfo", interval: 1h}
        """
            .formatted(namespace));
    create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata: {name: %1$s-podinfo, namespace: %1$s}
        spec: {chart: podinfo, version: "6.x", interval: 1h, sourceRef: {kind: HelmRepository, name: podinfo}}
        """
            .formatted(namespace));
    create(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: podinfo, namespace: %s}
        spec: {interval: 1h, chart: {spec: {chart: podinfo, version: "6.x", sourceRef: {kind: HelmRepository, name: podinfo}}}}
        """
            .formatted(namespace));
  }

  /** Creates an object from YAML and writes its status, as its controller would. */
  GenericKubernetesResource createWithStatus(String yaml, String statusYaml) {
    GenericKubernetesResource r = create(yaml);
    status(
        FluxKind.byKind(r.getKind()),
        r.getMetadata().getNamespace(),
        r.getMetadata().getName(),
        statusYaml);
    return r;
  }

  /** Writes an object's status, as its controller would. */
  void status(FluxKind kind, String namespace, String name, String statusYaml) {
    ObjectNode status =
        client().getKubernetesSerialization().unmarshal(statusYaml, ObjectNode.class);
    var op = client().genericKubernetesResources(kind.context()).inNamespace(namespace);
    GenericKubernetesResource r = op.withName(name).get();
    r.setAdditionalProperty("status", Kube.JSON.convertValue(status, Map.class));
    op.resource(r).updateStatus();
  }

  GenericKubernetesResource get(FluxKind kind, String namespace, String name) {
    return client()
        .genericKubernetesResources(kind.context())
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  @Override
  public void close() {
    kube.close();
  }
}
