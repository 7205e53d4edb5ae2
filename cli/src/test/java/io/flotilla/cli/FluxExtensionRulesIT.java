package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import io.flotilla.server.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code microsoft.flux} extension through the CLI against the real service, as issue 14 asks:
 * settings the controllers cannot use are refused as a whole before anything is stored, one flux
 * extension per cluster, and deleting it deletes the cluster's configurations first.
 */
class FluxExtensionRulesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUB = "sub-flux-ext";
  private static final String ARGS = " -g rg -c edge -t connectedClusters";
  private static final String FLUX_ARGS = " -g rg -c edge -t connectedClusters";

  @TempDir Path home;
  @TempDir Path data;
  ConfigurationServer server;
  CliRunner cli;
  String clusterId;
  String agentToken;

  @BeforeEach
  void start() throws Exception {
    server = ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(data));
    new CliConfig(server.url(), server.adminToken(), SUB)
        .save(home.resolve(".flotilla").resolve("config"));
    cli = new CliRunner(home);
    Path tokenFile = home.resolve("agent-token");
    var r =
        run(
            "connectedk8s connect -n edge -g rg -l WestEurope --distribution k3s"
                + " --agent-token-file "
                + tokenFile);
    assertThat(r.exitCode()).as(r.err()).isZero();
    clusterId = r.err().replaceAll("(?s).*--cluster-id (\\S+).*", "$1");
    agentToken = Files.readString(tokenFile).strip();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  CliRunner.Result run(String line) {
    return cli.run(CliRunner.shell(line));
  }

  JsonNode show(String name) throws Exception {
    var r = run("k8s-extension show -n " + name + ARGS);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  /** What an agent that manages extensions fetches: the desired state with extensions. */
  JsonNode agentDesired() throws Exception {
    var req =
        HttpRequest.newBuilder(
                URI.create(
                    server.url() + "/agent/v1/clusters/" + clusterId + "/desired?extensions=true"))
            .header("Authorization", "Bearer " + agentToken)
            .build();
    var res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    return JSON.readTree(res.body());
  }

  void agentReports(String json) throws Exception {
    var req =
        HttpRequest.newBuilder(
                URI.create(server.url() + "/agent/v1/clusters/" + clusterId + "/status"))
            .header("Authorization", "Bearer " + agentToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    assertThat(
            HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(204);
  }

  /**
   * The agent installs what it was given (agents without extension reports confirm by fetching).
   */
  void agentTakesTheState() throws Exception {
    var req =
        HttpRequest.newBuilder(
                URI.create(server.url() + "/agent/v1/clusters/" + clusterId + "/desired"))
            .header("Authorization", "Bearer " + agentToken)
            .build();
    HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRequestWithAnyUnusableSettingChangesNothingAndSaysWhichAndWhy() throws Exception {
    var refused =
        run(
            "k8s-extension create -n flux --extension-type microsoft.flux --no-wait --config"
                + " kustomize-controller.log-level=verbose kustomize-controller.concurrent=abc"
                + " helm-controller.detectDrift=true"
                + ARGS);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("(InvalidConfigurationSetting)")
        .contains(
            "configuration setting 'kustomize-controller.concurrent' is 'abc': use a whole number"
                + " from 1 to 1000")
        .contains(
            "configuration setting 'kustomize-controller.log-level' is 'verbose': use info,"
                + " error or debug")
        .contains("nothing was changed");
    assertThat(run("k8s-extension show -n flux" + ARGS).exitCode()).isEqualTo(3);

    var created =
        run(
            "k8s-extension create -n flux --extension-type microsoft.flux --no-wait --config"
                + " kustomize-controller.concurrent=6"
                + ARGS);
    assertThat(created.exitCode()).as(created.err()).isZero();
    agentTakesTheState();
    JsonNode before = show("flux");
    assertThat(before.get("provisioningState").asText()).isEqualTo("Succeeded");

    var mixed =
        run(
            "k8s-extension update -n flux --yes --no-wait --config multiTenancy.enforce=false"
                + " kustomize-controller.log-level=verbose"
                + ARGS);
    assertThat(mixed.exitCode()).isEqualTo(1);
    assertThat(mixed.err()).contains("kustomize-controller.log-level' is 'verbose'");
    JsonNode after = show("flux");
    // nothing of the request was applied, not even its valid half
    assertThat(after.get("configurationSettings")).isEqualTo(before.get("configurationSettings"));
    assertThat(after.get("provisioningState").asText()).isEqualTo("Succeeded");
  }

  @Test
  void aStoredValueTheRuleRefusesNeverBlocksALaterValidUpdate() throws Exception {
    assertThat(
            run("k8s-extension create -n flux --extension-type microsoft.flux --no-wait" + ARGS)
                .exitCode())
        .isZero();
    // As stored by a version of the service that did not check settings yet.
    try (var c = DriverManager.getConnection(Database.h2Url(data))) {
      var update =
          c.prepareStatement(
              "UPDATE extensions SET body = REPLACE(body, '\"extensionType\"',"
                  + " '\"configurationSettings\":{\"kustomize-controller.concurrent\":\"abc\"},"
                  + "\"extensionType\"') WHERE name = 'flux'");
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    var valid =
        run(
            "k8s-extension update -n flux --yes --no-wait --config"
                + " kustomize-controller.log-level=debug"
                + ARGS);
    assertThat(valid.exitCode()).as(valid.err()).isZero();
    assertThat(show("flux").get("configurationSettings").toString())
        .isEqualTo(
            "{\"kustomize-controller.concurrent\":\"abc\",\"kustomize-controller.log-level\":\"debug\"}");
    var fixed =
        run(
            "k8s-extension update -n flux --yes --no-wait --config"
                + " kustomize-controller.concurrent=4"
                + ARGS);
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
  }

  @Test
  void aClusterHasOneFluxExtension() throws Exception {
    assertThat(
            run("k8s-extension create -n flux --extension-type microsoft.flux --no-wait" + ARGS)
                .exitCode())
        .isZero();
    var second =
        run("k8s-extension create -n gitops --extension-type Microsoft.Flux --no-wait" + ARGS);
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.err())
        .contains("(ExtensionTypeAlreadyInstalled)")
        .contains("already has the microsoft.flux extension, as 'flux'")
        .contains("k8s-extension update --name flux");
    assertThat(run("k8s-extension show -n gitops" + ARGS).exitCode()).isEqualTo(3);
    // the same one again is an update, not a second one
    assertThat(
            run("k8s-extension create -n flux --extension-type microsoft.flux --no-wait" + ARGS)
                .exitCode())
        .isZero();
  }

  @Test
  void deletingTheExtensionDeletesTheConfigurationsFirst() throws Exception {
    assertThat(
            run("k8s-extension create -n flux --extension-type microsoft.flux --no-wait" + ARGS)
                .exitCode())
        .isZero();
    agentTakesTheState();
    var config =
        run(
            "k8s-configuration flux create -n cfg --url https://example.com/repo --branch main"
                + " --kustomization name=apps path=./apps prune=true --no-wait"
                + FLUX_ARGS);
    assertThat(config.exitCode()).as(config.err()).isZero();

    var asked = run("k8s-extension delete -n flux --no-wait" + ARGS);
    assertThat(asked.exitCode()).isEqualTo(1);
    assertThat(asked.err())
        .contains(
            "Deleting the 'microsoft.flux' extension also deletes the flux configurations on"
                + " cluster 'edge' (cfg)")
        .contains("prune enabled are deleted too");
    assertThat(show("flux").get("provisioningState").asText()).isEqualTo("Succeeded");

    var deleted = run("k8s-extension delete -n flux --yes --no-wait" + ARGS);
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    var cfg = run("k8s-configuration flux show -n cfg" + FLUX_ARGS);
    assertThat(JSON.readTree(cfg.out()).get("provisioningState").asText()).isEqualTo("Deleting");
    assertThat(show("flux").get("provisioningState").asText()).isEqualTo("Deleting");
    var meanwhile =
        run(
            "k8s-configuration flux create -n other --url https://example.com/repo --branch main"
                + " --no-wait"
                + FLUX_ARGS);
    assertThat(meanwhile.exitCode()).isNotZero();

    // The agent sees the configuration going, but the extension stays while it does ...
    JsonNode desired = agentDesired();
    assertThat(desired.at("/configurations/0/deleting").asBoolean()).isTrue();
    assertThat(desired.at("/extensions/0/deleting").asBoolean()).isFalse();
    long extVersion = desired.at("/extensions/0/version").asLong();
    agentReports(
        "{\"extensions\":[{\"name\":\"flux\",\"appliedVersion\":"
            + extVersion
            + ",\"deleted\":true}]}");
    assertThat(show("flux").get("provisioningState").asText()).isEqualTo("Deleting");

    // ... and is removed once the configuration is gone from the cluster.
    agentReports("{\"configurations\":[{\"name\":\"cfg\",\"deleted\":true}]}");
    assertThat(run("k8s-configuration flux show -n cfg" + FLUX_ARGS).exitCode()).isEqualTo(3);
    desired = agentDesired();
    assertThat(desired.at("/extensions/0/deleting").asBoolean()).isTrue();
    agentReports(
        "{\"extensions\":[{\"name\":\"flux\",\"appliedVersion\":"
            + desired.at("/extensions/0/version").asLong()
            + ",\"deleted\":true}]}");
    assertThat(run("k8s-extension show -n flux" + ARGS).exitCode()).isEqualTo(3);
  }
}
