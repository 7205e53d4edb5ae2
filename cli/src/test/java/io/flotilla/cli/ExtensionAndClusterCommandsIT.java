package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.cli.arm.ArmClient;
import io.flotilla.cli.arm.ArmHttpException;
import io.flotilla.cli.configuration.FluxService;
import io.flotilla.server.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * {@code connectedk8s} and {@code k8s-extension} against the real configuration service, with the
 * {@code microsoft.flux} extension's rules of issue 14: settings the controllers cannot use are
 * refused as a whole before anything is stored, one flux extension per cluster, and deleting it
 * deletes the cluster's configurations first.
 */
class ExtensionAndClusterCommandsIT extends ServiceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUB = "sub-ext";
  private static final String EXT_ARGS = " -g rg -c edge -t connectedClusters";

  ExtensionAndClusterCommandsIT() {
    super(SUB);
  }

  /** Connects cluster "edge" and returns {clusterId, token} from the written token file. */
  String[] connect() throws Exception {
    Path tokenFile = home.resolve("agent-token");
    var r =
        run(
            "connectedk8s connect -n edge -g rg -l WestEurope --distribution k3s --agent-token-file "
                + tokenFile);
    assertThat(r.exitCode()).as(r.err()).isZero();
    String id = r.err().replaceAll("(?s).*--cluster-id (\\S+).*", "$1");
    return new String[] {id, Files.readString(tokenFile).strip()};
  }

  /**
   * {@code path} under the cluster's agent API as its agent, POSTing {@code json} when not null.
   */
  HttpResponse<String> asAgent(String[] cred, String path, String json) throws Exception {
    var req =
        HttpRequest.newBuilder(URI.create(server.url() + "/agent/v1/clusters/" + cred[0] + path))
            .header("Authorization", "Bearer " + cred[1]);
    if (json != null) {
      req.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  int agentFetch(String[] cred, String query) throws Exception {
    return asAgent(cred, "/desired" + query, null).statusCode();
  }

  /** {@code k8s-extension create} of microsoft.flux as "flux", not waiting: it succeeds. */
  void createFluxExtension() {
    assertThat(
            run("k8s-extension create -n flux --extension-type microsoft.flux --no-wait" + EXT_ARGS)
                .exitCode())
        .isZero();
  }

  @Test
  void connectRegistersTheClusterAndHandsOutAWorkingAgentToken() throws Exception {
    String[] cred = connect();
    assertThat(Files.getPosixFilePermissions(home.resolve("agent-token")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(agentFetch(cred, "")).isEqualTo(200);

    var show = run("connectedk8s show -n edge -g rg");
    JsonNode cluster = JSON.readTree(show.out());
    assertThat(cluster.get("name").asText()).isEqualTo("edge");
    assertThat(cluster.get("location").asText()).isEqualTo("westeurope");
    assertThat(cluster.get("distribution").asText()).isEqualTo("k3s");
    assertThat(cluster.get("resourceGroup").asText()).isEqualTo("rg");

    var table = run("connectedk8s list -o table");
    assertThat(table.out().lines().findFirst().orElseThrow())
        .containsSubsequence("Name", "Location", "ResourceGroup");
    assertThat(table.out()).contains("edge").contains("westeurope");

    // Connecting again asks first; --yes answers, and the old token stops working.
    assertThat(run("connectedk8s connect -n edge -g rg").exitCode()).isEqualTo(1);
    var again = run("connectedk8s connect -n edge -g rg --yes");
    assertThat(again.err()).contains("Agent token (shown once; keep it secret): flt_agent_");
    assertThat(agentFetch(cred, "")).isEqualTo(401);

    assertThat(run("connectedk8s delete -n edge -g rg --yes").exitCode()).isZero();
    var gone = run("connectedk8s show -n edge -g rg");
    assertThat(gone.exitCode()).isEqualTo(3);
    assertThat(gone.err()).contains("(ResourceNotFound)");
  }

  @Test
  void extensionLifecycleFromCreateToDelete() throws Exception {
    String[] cred = connect();
    var created =
        run(
            "k8s-extension create -n mon --extension-type Contoso.Monitor --scope cluster"
                + " --release-namespace monitoring --config a=1 b=2 --config-protected secret=s3"
                + " --no-wait"
                + EXT_ARGS);
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).isEmpty();
    JsonNode ext = JSON.readTree(run("k8s-extension show -n mon" + EXT_ARGS).out());
    assertThat(ext.get("extensionType").asText()).isEqualTo("contoso.monitor");
    assertThat(ext.get("provisioningState").asText()).isEqualTo("Creating");
    assertThat(ext.at("/scope/cluster/releaseNamespace").asText()).isEqualTo("monitoring");
    assertThat(ext.at("/identity/type").asText()).isEqualTo("SystemAssigned");
    assertThat(ext.toString()).doesNotContain("s3");

    agentFetch(cred, ""); // the agent takes the cluster's state: installed
    var table = run("k8s-extension list -o table" + EXT_ARGS);
    assertThat(table.out().lines().findFirst().orElseThrow())
        .containsSubsequence(
            "Name", "ExtensionType", "Version", "ProvisioningState", "LastModifiedAt");
    assertThat(table.out()).contains("contoso.monitor").contains("Succeeded");

    var prompted = run("k8s-extension update -n mon --config b=3" + EXT_ARGS);
    assertThat(prompted.exitCode()).isEqualTo(1);
    assertThat(prompted.err())
        .contains("Updating properties in --configuration-settings or")
        .contains("Unable to prompt for confirmation as no tty available. Use --yes.");
    var updated = run("k8s-extension update -n mon --config b=3 --no-wait --yes" + EXT_ARGS);
    assertThat(updated.exitCode()).as(updated.err()).isZero();
    ext = JSON.readTree(run("k8s-extension show -n mon" + EXT_ARGS).out());
    assertThat(ext.get("configurationSettings").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"3\"}");
    assertThat(ext.get("provisioningState").asText()).isEqualTo("Updating");

    var deleted = run("k8s-extension delete -n mon --force --yes" + EXT_ARGS);
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    var missing = run("k8s-extension show -n mon" + EXT_ARGS);
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err())
        .contains(
            "(ExtensionNotFound) The Resource Microsoft.Kubernetes/connectedClusters/edge/"
                + "Microsoft.KubernetesConfiguration/extensions/mon could not be found!");
    var again = run("k8s-extension delete -n mon --yes" + EXT_ARGS);
    assertThat(again.exitCode()).isZero();
    assertThat(again.err())
        .contains("No extension with name 'mon' found on cluster 'edge', so nothing to delete");
  }

  @Test
  void createWaitsUntilTheAgentHasTheExtension() throws Exception {
    String[] cred = connect();
    var waiting =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> run("k8s-extension create -n flux --extension-type microsoft.flux" + EXT_ARGS));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> run("k8s-extension show -n flux" + EXT_ARGS).out().contains("\"Creating\""));
    assertThat(waiting).isNotDone();
    agentFetch(cred, "");
    var done = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(done.exitCode()).as(done.err()).isZero();
    assertThat(JSON.readTree(done.out()).get("provisioningState").asText()).isEqualTo("Succeeded");
  }

  @Test
  void clientSideValidationsUseAzsMessages() throws Exception {
    connect();
    assertThat(
            run("k8s-extension create -n m --extension-type x --scope cluster --target-namespace t"
                    + EXT_ARGS)
                .err())
        .contains("ERROR: When --scope is 'cluster', --target-namespace must not be given.");
    assertThat(
            run("k8s-extension create -n m --extension-type x --release-namespace r" + EXT_ARGS)
                .err())
        .contains("ERROR: When --scope is 'namespace', --release-namespace must not be given.");
    assertThat(
            run("k8s-extension create -n m --extension-type x --scope namespace" + EXT_ARGS).err())
        .contains("ERROR: When --scope is 'namespace', --target-namespace must be given.");
    assertThat(
            run("k8s-extension create -n m --extension-type x --version 1.0 --auto-upgrade true"
                    + EXT_ARGS)
                .err())
        .contains(
            "ERROR: To pin to specific version, auto-upgrade-minor-version must be set to"
                + " 'false'.");
    var usage = run("k8s-extension create -n m --extension-type x --config novalue" + EXT_ARGS);
    // az raises a CLIError from the argparse action: exit 1, the option named as typed
    assertThat(usage.exitCode()).isEqualTo(1);
    assertThat(usage.err())
        .contains("Usage error: --config configuration_setting_key=configuration_setting_value");
    Path file = home.resolve("settings.json");
    Files.writeString(file, "{\"a\":\"1\"}");
    assertThat(
            run("k8s-extension create -n m --extension-type x --config a=2 --config-file "
                    + file
                    + EXT_ARGS)
                .err())
        .contains(
            "ERROR: Error! Both configuration-settings and configuration-settings-file cannot be"
                + " provided.");
    var badType = run("k8s-extension list -g rg -c edge -t nope");
    assertThat(badType.exitCode()).isEqualTo(2);
    assertThat(badType.err())
        .contains(
            "ERROR: flotilla k8s-extension list: 'nope' is not a valid value for '--cluster-type'.");
  }

  @Test
  void anUpdateRacingAnotherChangeIsRefusedNotLost() throws Exception {
    connect();
    String configs =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/edge"
            + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cfg";
    Log quiet = new Log(new java.io.PrintWriter(new java.io.StringWriter()), true, false, false);
    var arm =
        new ArmClient(
            new CliConfig(server.url(), server.adminToken(), SUB), home.resolve("config"), quiet);
    arm.put(
        configs,
        ArmClient.FLUX_API_VERSION,
        JSON.readTree(
            "{\"properties\":{\"gitRepository\":{\"url\":\"https://example.com/r\",\"repositoryRef\":{\"branch\":\"main\"}}}}"));
    var flux =
        new FluxService(
            arm,
            quiet,
            new CliEnvironment(
                java.util.Map.of(),
                null,
                new java.io.PrintWriter(new java.io.StringWriter()),
                null,
                home));
    var ref =
        new io.flotilla.api.arm.ClusterRef(
            SUB, "rg", "Microsoft.Kubernetes", "connectedClusters", "edge");
    JsonNode current = flux.show(ref, "cfg");
    // Someone else changes it in between (this run has not read their version).
    var other =
        run(
            "k8s-configuration flux update -g rg -c edge -t connectedClusters -n cfg --suspend --no-wait");
    assertThat(other.exitCode()).as(other.err()).isZero();
    var patch =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            JSON.readTree("{\"properties\":{\"suspend\":false}}");
    try {
      flux.patch(ref, "cfg", patch, current, true);
      throw new AssertionError("the stale update went through");
    } catch (ArmHttpException e) {
      assertThat(e.status()).isEqualTo(412);
      assertThat(e.recommendations().get(0)).contains("was changed by someone else");
    }
    assertThat(
            JSON.readTree(
                    run("k8s-configuration flux show -g rg -c edge -t connectedClusters -n cfg")
                        .out())
                .get("suspend")
                .asBoolean())
        .isTrue();
  }

  // --- the microsoft.flux extension's rules (issue 14) ---

  JsonNode show(String name) throws Exception {
    var r = run("k8s-extension show -n " + name + EXT_ARGS);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  /** What an agent that manages extensions fetches: the desired state with extensions. */
  JsonNode agentDesired(String[] cred) throws Exception {
    var res = asAgent(cred, "/desired?extensions=true", null);
    assertThat(res.statusCode()).isEqualTo(200);
    return JSON.readTree(res.body());
  }

  void agentReports(String[] cred, String json) throws Exception {
    assertThat(asAgent(cred, "/status", json).statusCode()).isEqualTo(204);
  }

  @Test
  void aRequestWithAnyUnusableSettingChangesNothingAndSaysWhichAndWhy() throws Exception {
    String[] cred = connect();
    var refused =
        run(
            "k8s-extension create -n flux --extension-type microsoft.flux --no-wait --config"
                + " kustomize-controller.log-level=verbose kustomize-controller.concurrent=abc"
                + " helm-controller.detectDrift=true"
                + EXT_ARGS);
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
    assertThat(run("k8s-extension show -n flux" + EXT_ARGS).exitCode()).isEqualTo(3);

    var created =
        run(
            "k8s-extension create -n flux --extension-type microsoft.flux --no-wait --config"
                + " kustomize-controller.concurrent=6"
                + EXT_ARGS);
    assertThat(created.exitCode()).as(created.err()).isZero();
    agentFetch(cred, "");
    JsonNode before = show("flux");
    assertThat(before.get("provisioningState").asText()).isEqualTo("Succeeded");

    var mixed =
        run(
            "k8s-extension update -n flux --yes --no-wait --config multiTenancy.enforce=false"
                + " kustomize-controller.log-level=verbose"
                + EXT_ARGS);
    assertThat(mixed.exitCode()).isEqualTo(1);
    assertThat(mixed.err()).contains("kustomize-controller.log-level' is 'verbose'");
    JsonNode after = show("flux");
    // nothing of the request was applied, not even its valid half
    assertThat(after.get("configurationSettings")).isEqualTo(before.get("configurationSettings"));
    assertThat(after.get("provisioningState").asText()).isEqualTo("Succeeded");
  }

  @Test
  void aStoredValueTheRuleRefusesNeverBlocksALaterValidUpdate() throws Exception {
    String[] cred = connect();
    createFluxExtension();
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
                + EXT_ARGS);
    assertThat(valid.exitCode()).as(valid.err()).isZero();
    assertThat(show("flux").get("configurationSettings").toString())
        .isEqualTo(
            "{\"kustomize-controller.concurrent\":\"abc\",\"kustomize-controller.log-level\":\"debug\"}");
    var fixed =
        run(
            "k8s-extension update -n flux --yes --no-wait --config"
                + " kustomize-controller.concurrent=4"
                + EXT_ARGS);
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
  }

  @Test
  void aClusterHasOneFluxExtension() throws Exception {
    String[] cred = connect();
    createFluxExtension();
    var second =
        run("k8s-extension create -n gitops --extension-type Microsoft.Flux --no-wait" + EXT_ARGS);
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.err())
        .contains("(ExtensionTypeAlreadyInstalled)")
        .contains("already has the microsoft.flux extension, as 'flux'")
        .contains("k8s-extension update --name flux");
    assertThat(run("k8s-extension show -n gitops" + EXT_ARGS).exitCode()).isEqualTo(3);
    // the same one again is an update, not a second one
    createFluxExtension();
  }

  @Test
  void deletingTheExtensionDeletesTheConfigurationsFirst() throws Exception {
    String[] cred = connect();
    createFluxExtension();
    agentFetch(cred, "");
    var config =
        run(
            "k8s-configuration flux create -n cfg --url https://example.com/repo --branch main"
                + " --kustomization name=apps path=./apps prune=true --no-wait"
                + EXT_ARGS);
    assertThat(config.exitCode()).as(config.err()).isZero();

    var asked = run("k8s-extension delete -n flux --no-wait" + EXT_ARGS);
    assertThat(asked.exitCode()).isEqualTo(1);
    assertThat(asked.err())
        .contains(
            "Deleting the 'microsoft.flux' extension also deletes the flux configurations on"
                + " cluster 'edge' (cfg)")
        .contains("prune enabled are deleted too");
    assertThat(show("flux").get("provisioningState").asText()).isEqualTo("Succeeded");

    var deleted = run("k8s-extension delete -n flux --yes --no-wait" + EXT_ARGS);
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    var cfg = run("k8s-configuration flux show -n cfg" + EXT_ARGS);
    assertThat(JSON.readTree(cfg.out()).get("provisioningState").asText()).isEqualTo("Deleting");
    assertThat(show("flux").get("provisioningState").asText()).isEqualTo("Deleting");
    var meanwhile =
        run(
            "k8s-configuration flux create -n other --url https://example.com/repo --branch main"
                + " --no-wait"
                + EXT_ARGS);
    assertThat(meanwhile.exitCode()).isNotZero();

    // The agent sees the configuration going, but the extension stays while it does ...
    JsonNode desired = agentDesired(cred);
    assertThat(desired.at("/configurations/0/deleting").asBoolean()).isTrue();
    assertThat(desired.at("/extensions/0/deleting").asBoolean()).isFalse();
    long extVersion = desired.at("/extensions/0/version").asLong();
    agentReports(
        cred,
        "{\"extensions\":[{\"name\":\"flux\",\"appliedVersion\":"
            + extVersion
            + ",\"deleted\":true}]}");
    assertThat(show("flux").get("provisioningState").asText()).isEqualTo("Deleting");

    // ... and is removed once the configuration is gone from the cluster.
    agentReports(cred, "{\"configurations\":[{\"name\":\"cfg\",\"deleted\":true}]}");
    assertThat(run("k8s-configuration flux show -n cfg" + EXT_ARGS).exitCode()).isEqualTo(3);
    desired = agentDesired(cred);
    assertThat(desired.at("/extensions/0/deleting").asBoolean()).isTrue();
    agentReports(
        cred,
        "{\"extensions\":[{\"name\":\"flux\",\"appliedVersion\":"
            + desired.at("/extensions/0/version").asLong()
            + ",\"deleted\":true}]}");
    assertThat(run("k8s-extension show -n flux" + EXT_ARGS).exitCode()).isEqualTo(3);
  }
}
