package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connectedk8s} and {@code k8s-extension} against the real configuration service. */
class ExtensionAndClusterCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUB = "sub-ext";
  private static final String EXT_ARGS = " -g rg -c edge -t connectedClusters";

  @TempDir Path home;
  @TempDir Path data;
  ConfigurationServer server;
  CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    server = ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(data));
    new CliConfig(server.url(), server.adminToken(), SUB)
        .save(home.resolve(".flotilla").resolve("config"));
    cli = new CliRunner(home);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  CliRunner.Result run(String line) {
    return cli.run(CliRunner.shell(line));
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

  int agentFetch(String[] cred, String query) throws Exception {
    var req =
        HttpRequest.newBuilder(
                URI.create(server.url() + "/agent/v1/clusters/" + cred[0] + "/desired" + query))
            .header("Authorization", "Bearer " + cred[1])
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
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
    var arm =
        new ArmClient(
            new CliConfig(server.url(), server.adminToken(), SUB),
            home.resolve("config"),
            new Log(new java.io.PrintWriter(new java.io.StringWriter()), true, false, false));
    arm.put(
        configs,
        ArmClient.FLUX_API_VERSION,
        JSON.readTree(
            "{\"properties\":{\"gitRepository\":{\"url\":\"https://example.com/r\",\"repositoryRef\":{\"branch\":\"main\"}}}}"));
    var flux =
        new FluxService(
            arm,
            new Log(new java.io.PrintWriter(new java.io.StringWriter()), true, false, false),
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
}
