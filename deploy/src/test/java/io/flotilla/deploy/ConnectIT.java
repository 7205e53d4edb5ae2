package io.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.cli.CliConfig;
import io.flotilla.deploy.install.Manifests;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import io.flotilla.testkit.CapturedOutput;
import io.flotilla.testkit.TestKube;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connectedk8s connect --kube-config} against the real configuration service and a second
 * embedded API with RBAC on (the "remote" cluster): the cluster is registered and the agent and
 * controllers installed with the agent's token in a Secret, a token the service accepts; {@code
 * --dry-run} prints and changes nothing; a user without permissions is refused before the service
 * registers anything; {@code delete --kube-config} removes what connect installed and keeps the
 * CRDs.
 */
class ConnectIT {
  @TempDir Path home;
  @TempDir Path data;
  ConfigurationServer server;
  TestKube kube;
  Path kubeconfig;

  @BeforeEach
  void start() {
    server = ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(data));
    new CliConfig(server.url(), server.adminToken(), "sub-connect")
        .save(home.resolve(".flotilla").resolve("config"));
    kube = Flotilla.remoteCluster();
    kubeconfig = Flotilla.kubeconfig(home.resolve("kubeconfig"), kube.api(), "admin-token");
  }

  @AfterEach
  void stop() {
    kube.close();
    server.close();
  }

  @Test
  void connectInstallsTheAgentWithAWorkingTokenAndDeleteRemovesIt() throws Exception {
    CapturedOutput r = connectedk8s("connect", "--kube-config", kubeconfig.toString(), "--yes");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err())
        .contains("Deployment/flux-system/flotilla-agent created")
        .contains("the agent's token is in the Secret flux-system/flotilla-agent");
    KubernetesClient client = kube.client();
    Secret secret = client.secrets().inNamespace("flux-system").withName("flotilla-agent").get();
    String clusterId = decode(secret, "clusterId");
    String token = decode(secret, "token");
    assertThat(decode(secret, "server")).isEqualTo(server.url());
    assertThat(r.err()).doesNotContain(token);
    var agent =
        client.apps().deployments().inNamespace("flux-system").withName("flotilla-agent").get();
    assertThat(agent.getSpec().getReplicas()).isEqualTo(1);
    assertThat(agent.getStatus().getReadyReplicas()).isEqualTo(1);
    // the token in the Secret is the one the service knows for this cluster
    var desired =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(server.url() + "/agent/v1/clusters/" + clusterId + "/desired"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(desired.statusCode()).isEqualTo(200);
    assertThat(Flotilla.run(home, "connectedk8s", "show", "-n", "edge", "-g", "rg").exit())
        .isZero();

    CapturedOutput delete = connectedk8s("delete", "--kube-config", kubeconfig.toString(), "--yes");
    assertThat(delete.exit()).as(delete.toString()).isZero();
    assertThat(client.apps().deployments().inNamespace("flux-system").list().getItems()).isEmpty();
    assertThat(client.secrets().inNamespace("flux-system").withName("flotilla-agent").get())
        .isNull();
    assertThat(client.rbac().clusterRoleBindings().withName("flotilla-cluster-reconciler").get())
        .isNull();
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("fluxconfigs.clusterconfig.azure.com")
                .get())
        .isNotNull();
    assertThat(Flotilla.run(home, "connectedk8s", "show", "-n", "edge", "-g", "rg").exit())
        .isEqualTo(3);
  }

  /** No Flux on the cluster, and the service does not know cluster rg/edge (az's exit 3). */
  private void assertNothingInstalledOrRegistered() {
    assertThat(kube.client().namespaces().withName("flux-system").get()).isNull();
    assertThat(Flotilla.run(home, "connectedk8s", "show", "-n", "edge", "-g", "rg").exit())
        .isEqualTo(3);
  }

  @Test
  void dryRunPrintsAndRegistersNothing() {
    CapturedOutput r = connectedk8s("connect", "--kube-config", kubeconfig.toString(), "--dry-run");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Manifests.parse(r.out()))
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .contains("Secret/flotilla-agent", "Deployment/flotilla-agent");
    assertNothingInstalledOrRegistered();
  }

  @Test
  void missingPermissionsRefuseBeforeTheServiceRegistersAnything() {
    Path dev = Flotilla.kubeconfig(home.resolve("dev"), kube.api(), "dev-token");
    CapturedOutput r = connectedk8s("connect", "--kube-config", dev.toString(), "--yes");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("ERROR: Error! user flotilla lacks permissions to install");
    assertNothingInstalledOrRegistered();
  }

  @Test
  void aClusterWhoseAgentIsConnectedAsAnotherClusterIsRefused() {
    CapturedOutput first = connectedk8s("connect", "--kube-config", kubeconfig.toString(), "--yes");
    assertThat(first.exit()).as(first.toString()).isZero();

    CapturedOutput r =
        Flotilla.run(
            home,
            "connectedk8s",
            "connect",
            "-n",
            "other",
            "-g",
            "rg",
            "--kube-config",
            kubeconfig.toString(),
            "--yes");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("a Flotilla agent connected as").contains("--force");
    // nothing registered for the refused name, and the first connection is untouched
    assertThat(Flotilla.run(home, "connectedk8s", "show", "-n", "other", "-g", "rg").exit())
        .isEqualTo(3);
    assertThat(kube.client().secrets().inNamespace("flux-system").withName("flotilla-agent").get())
        .isNotNull();
  }

  private CapturedOutput connectedk8s(String verb, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of("connectedk8s", verb, "-n", "edge", "-g", "rg"));
    args.addAll(java.util.List.of(more));
    return Flotilla.run(home, args.toArray(String[]::new));
  }

  private static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }
}
