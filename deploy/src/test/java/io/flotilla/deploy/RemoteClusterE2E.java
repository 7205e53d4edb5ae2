package io.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.cli.CliConfig;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import io.flotilla.testkit.CapturedOutput;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.HttpsGitServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flotilla put into a "remote" cluster (a second embedded API with RBAC on) the way a user does it,
 * through the CLI: {@code flotilla install}, {@code flotilla flux bootstrap git} and {@code
 * flotilla connectedk8s connect --kube-config}. Then the agent and the controllers run as their
 * installed service accounts (tokens the API issued for them, not the admin's) — so the RBAC the
 * install grants is proven sufficient — and a configuration created on the service reaches the
 * cluster and is reported Compliant.
 */
class RemoteClusterE2E {
  private static final String TOKEN = "pat-remote-0123";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @TempDir Path tmp;

  @Test
  void installBootstrapAndConnectThenAConfigurationBecomesCompliantUnderTheInstalledRbac()
      throws Exception {
    assumeTrue(HttpsGitServer.available(), "lighttpd or git-http-backend missing: skipped");
    GitRepoFixture app = GitRepoFixture.create(tmp.resolve("app"), "app");
    app.commit(
        "apps/settings.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: settings\ndata:\n  color: blue\n",
        "settings");
    app.push("main");
    Path fleet = tmp.resolve("fleet/repos");
    try (Git bare =
        Git.init().setBare(true).setDirectory(fleet.resolve("fleet.git").toFile()).call()) {
      StoredConfig config = bare.getRepository().getConfig();
      config.setBoolean("http", null, "receivepack", true);
      config.save();
    }
    try (ConfigurationServer server =
            ConfigurationServer.start(
                ServerOptions.defaults().withPort(0).withDataDir(tmp.resolve("service")));
        TestKube kube = Flotilla.remoteCluster();
        HttpsGitServer fleetGit =
            HttpsGitServer.http(
                tmp.resolve("fleet-http"), fleet, new HttpsGitServer.Basic("git", TOKEN));
        HttpsGitServer appGit =
            HttpsGitServer.http(
                tmp.resolve("app-http"), app.bare().getParent(), new HttpsGitServer.Anonymous())) {
      new CliConfig(server.url(), server.adminToken(), "sub-remote")
          .save(home.resolve(".flotilla").resolve("config"));
      Path kubeconfig = Flotilla.kubeconfig(home.resolve("kubeconfig"), kube.api(), "admin-token");

      CapturedOutput install = Flotilla.run(home, "install", "--kubeconfig", kubeconfig.toString());
      assertThat(install.exit()).as(install.toString()).isZero();

      // the controllers as the pod runs them, from the moment the install made their account
      InstalledAs.awaitInstalled(kube, "flotilla-controller");
      try (KubernetesClient controllerClient =
              InstalledAs.serviceAccount(kube, "flotilla-controller");
          Controllers controllers =
              Controllers.start(
                  controllerClient,
                  ControllerOptions.defaults(tmp.resolve("controllers")).withArtifactPort(0))) {
        CapturedOutput bootstrap =
            Flotilla.run(
                home,
                "flux",
                "bootstrap",
                "git",
                "--url",
                fleetGit.url("fleet"),
                "--branch",
                "main",
                "--password",
                TOKEN,
                "--token-auth",
                "--path",
                "clusters/edge",
                "--timeout",
                "2m",
                "--kubeconfig",
                kubeconfig.toString());
        assertThat(bootstrap.exit()).as(bootstrap.toString()).isZero();
        assertThat(bootstrap.err()).endsWith("✔ bootstrap finished\n");

        CapturedOutput connect =
            Flotilla.run(
                home,
                "connectedk8s",
                "connect",
                "-n",
                "edge",
                "-g",
                "rg",
                "--kube-config",
                kubeconfig.toString(),
                "--yes");
        assertThat(connect.exit()).as(connect.toString()).isZero();

        Secret identity =
            kube.client().secrets().inNamespace("flux-system").withName("flotilla-agent").get();
        try (KubernetesClient agentClient = InstalledAs.serviceAccount(kube, "flotilla-agent");
            Agent agent =
                Agent.start(
                    AgentOptions.of(
                        URI.create(decode(identity, "server")),
                        decode(identity, "clusterId"),
                        decode(identity, "token")),
                    agentClient)) {
          CapturedOutput created =
              configuration(
                  home,
                  "create",
                  "--namespace",
                  "settings",
                  "--scope",
                  "namespace",
                  "-u",
                  appGit.url("app"),
                  "--branch",
                  "main",
                  "--kustomization",
                  "name=apps",
                  "path=./apps",
                  "prune=true",
                  "--no-wait");
          assertThat(created.exit()).as(created.toString()).isZero();

          await()
              .atMost(Duration.ofMinutes(2))
              .until(() -> show(home).path("complianceState").asText().equals("Compliant"));
          // what the agent wrote as its own account, and what the controllers applied
          assertThat(
                  kube.client()
                      .resources(FluxConfig.class)
                      .inNamespace("settings")
                      .withName("settings")
                      .get())
              .isNotNull();
          assertThat(
                  kube.client()
                      .configMaps()
                      .inNamespace("settings")
                      .withName("settings")
                      .get()
                      .getData())
              .containsEntry("color", "blue");
        }
      }
    }
  }

  private static JsonNode show(Path home) throws Exception {
    CapturedOutput r = configuration(home, "show");
    return r.exit() == 0 ? JSON.readTree(r.out()) : JSON.createObjectNode();
  }

  /**
   * {@code k8s-configuration flux <verb>} of the configuration {@code settings} on {@code edge}.
   */
  private static CapturedOutput configuration(Path home, String verb, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "k8s-configuration",
                "flux",
                verb,
                "-g",
                "rg",
                "-c",
                "edge",
                "-t",
                "connectedClusters",
                "-n",
                "settings"));
    args.addAll(java.util.List.of(more));
    return Flotilla.run(home, args.toArray(String[]::new));
  }

  private static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }
}
