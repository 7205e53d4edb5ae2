package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.agent.AgentApi;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * The configuration service over real HTTP on 127.0.0.1, with H2 in a temp dir, or PostgreSQL when
 * {@code FLOTILLA_TEST_DATABASE_URL} is set.
 */
@OnEachTestDatabase
class ConfigurationServerIT {
  @Parameter String databaseUrl;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

  @RegisterExtension
  final ServiceHarness service = ServiceHarness.on(() -> databaseUrl).clock(clock);

  final Api admin = service.admin();

  // A fresh subscription per test keeps tests apart on a shared PostgreSQL database.
  String sub = UUID.randomUUID().toString();
  String clusterPath = TestServers.clusterPath(sub, "prod");
  String configs = TestServers.configurations(clusterPath);

  static String v(String path) {
    return path + (path.contains("?") ? "&" : "?") + "api-version=" + Api.apiVersionFor(path);
  }

  /** Registers the test's cluster over ARM; returns its agent. */
  SimulatedFleet.Agent createCluster() {
    var r =
        admin.put(
            v(clusterPath),
            "{\"location\":\"westeurope\",\"properties\":{\"distribution\":\"k3s\"}}");
    assertThat(r.status()).isEqualTo(201);
    return TestServers.agent(admin, clusterPath);
  }

  static final String GIT_CONFIG =
      """
      {"properties":{"sourceKind":"GitRepository",
        "gitRepository":{"url":"https://github.com/Azure/arc-k8s-demo","repositoryRef":{"branch":"main"}},
        "kustomizations":{"infra":{"path":"./infrastructure"},
                          "apps":{"path":"./apps","dependsOn":["infra"],"prune":true}}}}
      """;

  @Test
  void landingPageAndHealthNeedNoToken() {
    Api anonymous = admin.withToken(null);
    var home = anonymous.get("/");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.body()).contains("Flotilla configuration service").contains("/subscriptions/");
    assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void adminTokenIsWrittenWithMode0600() throws Exception {
    Path file = service.dir().resolve("admin-token");
    assertThat(Files.readString(file).strip()).isEqualTo(service.server().adminToken());
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(service.dir().resolve("encryption-key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void armRequestsWithoutAValidTokenAre401AndRevealNothing() {
    createCluster();
    admin.put(v(configs + "/cfg"), GIT_CONFIG);

    var missing = admin.withToken(null).get(v(configs + "/cfg"));
    assertThat(missing.error()).startsWith("401 AuthenticationFailed: ");

    var wrongExisting = admin.withToken("nope").get(v(configs + "/cfg"));
    var wrongAbsent = admin.withToken("nope").get(v(configs + "/absent"));
    assertThat(wrongExisting.error()).startsWith("401 InvalidAuthenticationToken: ");
    assertThat(wrongAbsent.body()).isEqualTo(wrongExisting.body());
  }

  @Test
  void armRequestsWithoutApiVersionAre400() {
    var r = admin.get(configs);
    assertThat(r.error()).startsWith("400 MissingApiVersionParameter: ");
  }

  @Test
  void unknownClusterIs404WithArmBody() {
    String path =
        "/subscriptions/"
            + sub
            + "/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/foo"
            + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cfg";
    var r = admin.get(v(path));
    assertThat(r.error())
        .isEqualTo(
            "404 ResourceNotFound: The Resource 'Microsoft.Kubernetes/connectedClusters/foo' under resource group 'rg'"
                + " was not found.");
  }

  @Test
  void createReadUpdateListAndDeleteAFluxConfiguration() {
    var cluster = createCluster();

    var created = admin.put(v(configs + "/cluster-config"), GIT_CONFIG);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Azure-AsyncOperation"))
        .startsWith(service.server().url() + configs + "/cluster-config/operations/")
        .endsWith("?api-version=" + Api.API_VERSION);
    assertThat(created.header("Retry-After")).isNotBlank();
    JsonNode c = created.json();
    assertThat(c.get("id").asText()).isEqualTo(configs + "/cluster-config");
    assertThat(c.get("name").asText()).isEqualTo("cluster-config");
    assertThat(c.get("type").asText())
        .isEqualTo("Microsoft.KubernetesConfiguration/fluxConfigurations");
    assertThat(c.path("systemData").path("createdAt").asText()).isNotBlank();
    JsonNode p = c.get("properties");
    assertThat(p.get("provisioningState").asText()).isEqualTo("Creating");
    assertThat(p.get("complianceState").asText()).isEqualTo("Unknown");
    assertThat(p.get("scope").asText()).isEqualTo("cluster");
    assertThat(p.get("namespace").asText()).isEqualTo("default");
    assertThat(p.get("suspend").asBoolean()).isFalse();
    assertThat(p.at("/gitRepository/timeoutInSeconds").asLong()).isEqualTo(600);
    assertThat(p.at("/gitRepository/syncIntervalInSeconds").asLong()).isEqualTo(600);
    JsonNode infra = p.at("/kustomizations/infra");
    assertThat(infra.get("name").asText()).isEqualTo("infra");
    assertThat(infra.get("path").asText()).isEqualTo("./infrastructure");
    assertThat(infra.get("prune").asBoolean()).isFalse();
    assertThat(infra.get("force").asBoolean()).isFalse();
    assertThat(infra.get("wait").asBoolean()).isTrue();
    assertThat(infra.get("timeoutInSeconds").asLong()).isEqualTo(600);
    assertThat(p.at("/kustomizations/apps/prune").asBoolean()).isTrue();

    assertThat(admin.get(v(configs + "/cluster-config")).json().get("systemData"))
        .isEqualTo(c.get("systemData"));

    // The operation is in progress until the agent confirms.
    var op = admin.get(created.header("Azure-AsyncOperation"));
    assertThat(op.status()).isEqualTo(200);
    assertThat(op.json().get("status").asText()).isEqualTo("InProgress");

    // The agent sees it, applies it and reports.
    var state = cluster.desired();
    assertThat(state.status()).isEqualTo(200);
    assertThat(state.header("ETag")).isEqualTo(state.json().get("etag").asText());
    JsonNode dc = state.json().at("/configurations/0");
    assertThat(dc.get("name").asText()).isEqualTo("cluster-config");
    assertThat(dc.get("resourceId").asText()).isEqualTo(configs + "/cluster-config");
    long version = dc.get("version").asLong();
    assertThat(cluster.status(statusReport("cluster-config", version, "Compliant")).status())
        .isEqualTo(204);

    var got = admin.get(v(configs + "/cluster-config"));
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(got.json().at("/properties/complianceState").asText()).isEqualTo("Compliant");
    assertThat(got.json().at("/properties/sourceSyncedCommitId").asText())
        .isEqualTo("main@sha1:abc");
    assertThat(got.json().at("/properties/statuses/0/kind").asText()).isEqualTo("GitRepository");
    assertThat(admin.get(created.header("Azure-AsyncOperation")).json().get("status").asText())
        .isEqualTo("Succeeded");

    // Update: 200 with Updating, then Succeeded once the new version is applied.
    var updated =
        admin.put(v(configs + "/cluster-config"), GIT_CONFIG.replace("\"main\"", "\"release\""));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().at("/properties/provisioningState").asText()).isEqualTo("Updating");
    assertThat(updated.json().at("/properties/gitRepository/repositoryRef/branch").asText())
        .isEqualTo("release");

    // List
    admin.put(v(configs + "/another"), GIT_CONFIG);
    var list = admin.get(v(configs));
    assertThat(list.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    list.json().get("value").forEach(n -> names.add(n.get("name").asText()));
    assertThat(names).containsExactly("another", "cluster-config");

    // Delete: 202, Deleting, gone after the agent confirms; then 204.
    var deleting = admin.delete(v(configs + "/cluster-config"));
    assertThat(deleting.status()).isEqualTo(202);
    assertThat(deleting.header("Azure-AsyncOperation")).contains("/cluster-config/operations/");
    assertThat(
            admin
                .get(v(configs + "/cluster-config"))
                .json()
                .at("/properties/provisioningState")
                .asText())
        .isEqualTo("Deleting");
    assertThat(admin.put(v(configs + "/cluster-config"), GIT_CONFIG).status()).isEqualTo(409);
    assertThat(admin.get(v(configs + "/Cluster-Config")).status()).isEqualTo(200);
    JsonNode toDelete = find(cluster.desired().json(), "cluster-config");
    assertThat(toDelete.get("deleting").asBoolean()).isTrue();
    cluster.status(
        "{\"configurations\":[{\"name\":\"cluster-config\",\"appliedVersion\":"
            + toDelete.get("version").asLong()
            + ",\"deleted\":true}]}");
    var gone = admin.get(v(configs + "/cluster-config"));
    assertThat(gone.error())
        .isEqualTo(
            "404 FluxConfigurationNotFound: The Resource Microsoft.Kubernetes/connectedClusters/prod/Microsoft.KubernetesConfiguration"
                + "/fluxConfigurations/cluster-config could not be found!");
    assertThat(admin.get(deleting.header("Azure-AsyncOperation")).json().get("status").asText())
        .isEqualTo("Succeeded");
    assertThat(admin.delete(v(configs + "/cluster-config")).status()).isEqualTo(204);

    // forceDelete removes at once.
    assertThat(admin.delete(v(configs + "/another?forceDelete=true")).status()).isEqualTo(200);
    assertThat(admin.get(v(configs + "/another")).status()).isEqualTo(404);
  }

  @Test
  void patchMergesIntoTheStoredConfiguration() {
    createCluster();
    assertThat(admin.patch(v(configs + "/cfg"), "{\"properties\":{\"suspend\":true}}").errorCode())
        .isEqualTo("FluxConfigurationNotFound");
    admin.put(v(configs + "/cfg"), GIT_CONFIG);

    var patched =
        admin.patch(
            v(configs + "/cfg"),
            """
            {"properties":{"suspend":true,
              "gitRepository":{"repositoryRef":{"branch":"dev"}},
              "kustomizations":{"apps":null,"extra":{"path":"./extra","dependsOn":["infra"]}}}}
            """);
    assertThat(patched.status()).isEqualTo(202);
    assertThat(patched.header("Azure-AsyncOperation")).contains("/cfg/operations/");
    JsonNode p = admin.get(v(configs + "/cfg")).json().get("properties");
    assertThat(p.get("suspend").asBoolean()).isTrue();
    assertThat(p.at("/gitRepository/url").asText())
        .isEqualTo("https://github.com/Azure/arc-k8s-demo");
    assertThat(p.at("/gitRepository/repositoryRef/branch").asText()).isEqualTo("dev");
    assertThat(p.get("kustomizations").has("apps")).isFalse();
    assertThat(p.at("/kustomizations/extra/wait").asBoolean()).isTrue();
    assertThat(p.at("/kustomizations/infra/path").asText()).isEqualTo("./infrastructure");
    assertThat(p.get("provisioningState").asText()).isEqualTo("Updating");

    var kind =
        admin.patch(
            v(configs + "/cfg"),
            "{\"properties\":{\"sourceKind\":\"Bucket\",\"gitRepository\":{},"
                + "\"bucket\":{\"url\":\"https://s3.local\",\"bucketName\":\"b\"}}}");
    assertThat(kind.status()).isEqualTo(202);
    JsonNode k = kind.json().get("properties");
    assertThat(k.has("gitRepository")).isFalse();
    assertThat(k.at("/bucket/timeoutInSeconds").asLong()).isEqualTo(600);

    var scope = admin.patch(v(configs + "/cfg"), "{\"properties\":{\"scope\":\"namespace\"}}");
    scope.assertBadRequestAt("properties.scope");
  }

  @Test
  void agentReportingFailedMarksTheConfigurationFailed() {
    var cluster = createCluster();
    admin.put(v(configs + "/cfg"), GIT_CONFIG);
    long version = cluster.desired().json().at("/configurations/0/version").asLong();
    cluster.status(
        "{\"configurations\":[{\"name\":\"cfg\",\"appliedVersion\":"
            + version
            + ",\"provisioningState\":\"Failed\",\"complianceState\":\"Non-Compliant\","
            + "\"errorMessage\":\"kustomization path not found\"}]}");
    var got = admin.get(v(configs + "/cfg")).json().get("properties");
    assertThat(got.get("provisioningState").asText()).isEqualTo("Failed");
    assertThat(got.get("errorMessage").asText()).isEqualTo("kustomization path not found");
  }

  @Test
  void aStaleStatusReportDoesNotFinishANewerChange() {
    var cluster = createCluster();
    admin.put(v(configs + "/cfg"), GIT_CONFIG);
    long first = cluster.desired().json().at("/configurations/0/version").asLong();
    admin.put(v(configs + "/cfg"), GIT_CONFIG.replace("main", "dev"));
    cluster.status(statusReport("cfg", first, "Compliant"));
    var p = admin.get(v(configs + "/cfg")).json().get("properties");
    assertThat(p.get("provisioningState").asText()).isEqualTo("Updating");
    assertThat(p.get("complianceState").asText()).isEqualTo("Compliant");
  }

  @Test
  void invalidRequestsAreRejectedWithArmErrors() {
    createCluster();
    var badName = admin.put(v(configs + "/Bad_Name"), GIT_CONFIG);
    badName.assertBadRequestAt("name");

    var malformed = admin.put(v(configs + "/cfg"), "{\"properties\":");
    assertThat(malformed.error()).startsWith("400 InvalidRequestContent: ");

    var unknown = admin.put(v(configs + "/cfg"), "{\"propertie\":{},\"properties\":{}}");
    unknown.assertBadRequestSaying("'propertie'");

    var wrongType =
        admin.put(
            v(configs + "/cfg"),
            GIT_CONFIG.replace("{\"properties\":{", "{\"properties\":{\"suspend\":\"yes\","));
    wrongType.assertBadRequestAt("properties.suspend");
    assertThat(wrongType.errorMessage()).contains("must be true or false");

    var noSource = admin.put(v(configs + "/cfg"), "{\"properties\":{\"sourceKind\":\"Bucket\"}}");
    noSource.assertBadRequestAt("properties.bucket");

    var badDependency =
        admin.put(v(configs + "/cfg"), GIT_CONFIG.replace("[\"infra\"]", "[\"nothere\"]"));
    badDependency.assertBadRequestSaying("'nothere'");

    String huge = "{\"properties\":{\"x\":\"" + "a".repeat(1024 * 1024) + "\"}}";
    var tooLarge = admin.put(v(configs + "/cfg"), huge);
    assertThat(tooLarge.error()).startsWith("413 RequestEntityTooLarge: ");

    assertThat(admin.put(v(configs + "/cfg"), GIT_CONFIG).status()).isEqualTo(201);
    var scopeChange =
        admin.put(
            v(configs + "/cfg"),
            GIT_CONFIG.replace("{\"properties\":{", "{\"properties\":{\"scope\":\"namespace\","));
    scopeChange.assertBadRequestSaying("scope", "cannot be changed");
    var nsChange =
        admin.put(
            v(configs + "/cfg"),
            GIT_CONFIG.replace("{\"properties\":{", "{\"properties\":{\"namespace\":\"other\","));
    nsChange.assertBadRequestAt("properties.namespace");
  }

  @Test
  void longPollAnswers304WhenNothingChangesAnd200PromptlyAfterAPut() throws Exception {
    var cluster = createCluster();
    Api agent = cluster.api();
    String desired = cluster.desiredPath();
    var first = agent.get(desired);
    String etag = first.header("ETag");
    assertThat(etag).isNotBlank();

    var unchanged = agent.getWithEtag(desired + "?waitSeconds=1", etag);
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.header("ETag")).isEqualTo(etag);

    var waiting = agent.getAsync(desired + "?waitSeconds=50", etag);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !waiting.isDone());
    admin.put(v(configs + "/cfg"), GIT_CONFIG);
    var changed = waiting.get(5, TimeUnit.SECONDS);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.header("ETag")).isNotEqualTo(etag);
    assertThat(changed.json().at("/configurations/0/name").asText()).isEqualTo("cfg");
  }

  @Test
  void anAgentTokenOnlyOpensItsOwnCluster() {
    var cluster = createCluster();
    String otherPath = clusterPath.replace("/prod", "/other");
    admin.put(v(otherPath), "{\"location\":\"westeurope\"}");
    String otherId = TestServers.agent(admin, otherPath).clusterId();

    Api agentA = cluster.api();
    assertThat(cluster.desired().status()).isEqualTo(200);
    var foreign = agentA.get(AgentApi.desiredPath(otherId));
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(agentA.post(AgentApi.statusPath(otherId), "{\"configurations\":[]}").status())
        .isEqualTo(403);
    // Agent tokens do not open the ARM API, nor the admin token the agent API.
    assertThat(agentA.get(v(configs)).status()).isEqualTo(401);
    assertThat(admin.get(cluster.desiredPath()).status()).isEqualTo(401);
    // A new token replaces the old one.
    String fresh = service.server().clusters().issueAgentToken(cluster.clusterId());
    assertThat(cluster.desired().status()).isEqualTo(401);
    assertThat(admin.withToken(fresh).get(cluster.desiredPath()).status()).isEqualTo(200);
  }

  @Test
  void heartbeatMakesTheClusterConnected() {
    var cluster = createCluster();
    assertThat(admin.get(v(clusterPath)).json().at("/properties/connectivityStatus").asText())
        .isEqualTo("Offline");
    assertThat(cluster.heartbeat().status()).isEqualTo(204);
    JsonNode cc = admin.get(v(clusterPath)).json();
    assertThat(
            admin
                .get(
                    v(
                        "/subscriptions/"
                            + sub
                            + "/providers/Microsoft.Kubernetes/connectedClusters"))
                .json()
                .at("/value/0/name")
                .asText())
        .isEqualTo("prod");
    assertThat(cc.at("/properties/connectivityStatus").asText()).isEqualTo("Connected");
    assertThat(cc.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(cc.get("location").asText()).isEqualTo("westeurope");
    clock.advance(Duration.ofMinutes(20));
    assertThat(admin.get(v(clusterPath)).json().at("/properties/connectivityStatus").asText())
        .isEqualTo("Offline");
  }

  @Test
  void theInProcessRegistryIsIdempotentAndCaseInsensitive() {
    ClusterRef ref =
        new ClusterRef(sub, "rg", "Microsoft.Kubernetes", "connectedClusters", "local");
    RegisteredCluster first = service.server().clusters().register(ref, "local");
    RegisteredCluster again =
        service
            .server()
            .clusters()
            .register(
                new ClusterRef(
                    sub.toUpperCase(), "RG", "microsoft.kubernetes", "connectedclusters", "LOCAL"),
                "local");
    assertThat(again.clusterId()).isEqualTo(first.clusterId());
    String lowerPath =
        "/subscriptions/"
            + sub
            + "/resourcegroups/RG/providers/microsoft.kubernetes/connectedclusters/Local"
            + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cfg";
    assertThat(admin.put(v(lowerPath), GIT_CONFIG).status()).isEqualTo(201);
    assertThat(admin.get(v(lowerPath)).json().get("id").asText())
        .isEqualTo(ref.fluxConfigurationId("cfg"));
  }

  @Test
  void deletingAClusterDeletesItsConfigurations() {
    var cluster = createCluster();
    admin.put(v(configs + "/cfg"), GIT_CONFIG);
    assertThat(admin.delete(v(clusterPath)).status()).isEqualTo(200);
    assertThat(admin.get(v(clusterPath)).status()).isEqualTo(404);
    assertThat(admin.get(v(configs + "/cfg")).errorCode()).isEqualTo("ResourceNotFound");
    assertThat(cluster.desired().status()).isEqualTo(401);
    createCluster();
    assertThat(admin.get(v(configs + "/cfg")).status()).isEqualTo(404);
    assertThat(admin.delete(v(clusterPath.replace("/prod", "/never"))).status()).isEqualTo(204);
  }

  @Test
  void listPagesWithNextLinkBeyond100() {
    createCluster();
    for (int i = 0; i < 101; i++) {
      assertThat(admin.put(v(configs + "/c%03d".formatted(i)), GIT_CONFIG).status()).isEqualTo(201);
    }
    var page1 = admin.get(v(configs)).json();
    assertThat(page1.get("value")).hasSize(100);
    String next = page1.get("nextLink").asText();
    assertThat(next)
        .startsWith(service.server().url() + configs + "?api-version=")
        .contains("$skipToken=");
    var page2 = admin.get(next).json();
    assertThat(page2.get("value")).hasSize(1);
    assertThat(page2.at("/value/0/name").asText()).isEqualTo("c100");
    assertThat(page2.has("nextLink")).isFalse();
  }

  @Test
  void protectedSettingsAreEncryptedAtRestNeverReturnedAndDeliveredToTheAgent() throws Exception {
    var cluster = createCluster();
    String secret = "c3VwZXItc2VjcmV0LWh0dHBzLWtleQ==";
    String body =
        GIT_CONFIG.replace(
            "{\"properties\":{",
            "{\"properties\":{\"configurationProtectedSettings\":{\"httpsKey\":\""
                + secret
                + "\"},");
    var created = admin.put(v(configs + "/cfg"), body);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body())
        .doesNotContain(secret)
        .doesNotContain("configurationProtectedSettings");
    assertThat(admin.get(v(configs + "/cfg")).body()).doesNotContain(secret);
    assertThat(admin.get(v(configs)).body()).doesNotContain(secret);

    try (Connection c = DriverManager.getConnection(service.server().databaseUrl());
        var q =
            c.prepareStatement(
                "SELECT f.desired, f.protected_settings FROM flux_configurations f"
                    + " JOIN clusters k ON k.id = f.cluster_id WHERE k.subscription_id = ?")) {
      q.setString(1, sub);
      ResultSet rs = q.executeQuery();
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertThat(rs.getString("desired")).doesNotContain(secret);
        assertThat(rs.getString("protected_settings")).startsWith("v1:").doesNotContain(secret);
      }
      assertThat(rows).isPositive();
    }
    try (Connection c = DriverManager.getConnection(service.server().databaseUrl());
        ResultSet rs = c.createStatement().executeQuery("SELECT detail FROM audit_log")) {
      while (rs.next()) {
        assertThat(String.valueOf(rs.getString(1))).doesNotContain(secret);
      }
    }

    JsonNode dc = cluster.desired().json().at("/configurations/0");
    assertThat(dc.at("/properties/configurationProtectedSettings/httpsKey").asText())
        .isEqualTo(secret);

    // Omitting them on update keeps them; they are purged 48 h after the agent confirmed them.
    admin.put(v(configs + "/cfg"), GIT_CONFIG);
    dc = cluster.desired().json().at("/configurations/0");
    assertThat(dc.at("/properties/configurationProtectedSettings/httpsKey").asText())
        .isEqualTo(secret);
    cluster.status(statusReport("cfg", dc.get("version").asLong(), "Compliant"));
    clock.advance(Duration.ofHours(47));
    assertThat(service.server().purgeProtectedSettings()).isZero();
    clock.advance(Duration.ofHours(2));
    assertThat(service.server().purgeProtectedSettings()).isEqualTo(1);
    dc = cluster.desired().json().at("/configurations/0");
    assertThat(dc.at("/properties/configurationProtectedSettings").isMissingNode()).isTrue();
  }

  @Test
  void aSecondStartOnTheSameDataDirSeesEverything() {
    var cluster = createCluster();
    admin.put(
        v(configs + "/cfg"),
        GIT_CONFIG.replace(
            "{\"properties\":{",
            "{\"properties\":{\"configurationProtectedSettings\":{\"httpsKey\":\"dg==\"},"));
    String token = service.server().adminToken();
    service.restart();
    assertThat(service.server().adminToken()).isEqualTo(token);
    assertThat(admin.get(v(configs + "/cfg")).json().at("/properties/provisioningState").asText())
        .isEqualTo("Creating");
    var state = admin.withToken(cluster.api().token()).get(cluster.desiredPath());
    assertThat(state.status()).isEqualTo(200);
    assertThat(
            state
                .json()
                .at("/configurations/0/properties/configurationProtectedSettings/httpsKey")
                .asText())
        .isEqualTo("dg==");
  }

  @Test
  void extensionsGetDefaultsAndHideProtectedSettings() {
    var cluster = createCluster();
    String ext = clusterPath + "/providers/Microsoft.KubernetesConfiguration/extensions/flux";
    var created =
        admin.put(
            v(ext),
            "{\"identity\":{\"type\":\"SystemAssigned\"},\"properties\":{\"extensionType\":\"microsoft.flux\","
                + "\"configurationSettings\":{\"multiTenancy.enforce\":\"false\"},"
                + "\"configurationProtectedSettings\":{\"token\":\"hush\"}}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Azure-AsyncOperation")).contains("/extensions/flux/operations/");
    assertThat(created.body())
        .doesNotContain("hush")
        .doesNotContain("configurationProtectedSettings");
    assertThat(created.json().at("/properties/provisioningState").asText()).isEqualTo("Creating");
    assertThat(admin.get(created.header("Azure-AsyncOperation")).json().get("status").asText())
        .isEqualTo("InProgress");
    // The agent takes the cluster's state: the extension is installed.
    assertThat(cluster.desired().status()).isEqualTo(200);
    JsonNode p = admin.get(v(ext)).json().get("properties");
    assertThat(p.get("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(p.get("autoUpgradeMinorVersion").asBoolean()).isTrue();
    assertThat(p.get("releaseTrain").asText()).isEqualTo("Stable");
    assertThat(p.at("/scope/cluster/releaseNamespace").asText()).isEqualTo("flux-system");
    assertThat(p.at("/configurationSettings/multiTenancy.enforce").asText()).isEqualTo("false");
    assertThat(admin.get(v(ext.replace("/extensions/flux", "/extensions"))).json().get("value"))
        .hasSize(1);
    assertThat(admin.get(created.header("Azure-AsyncOperation")).json().get("status").asText())
        .isEqualTo("Succeeded");
    var namespaced =
        admin.put(
            v(ext),
            "{\"properties\":{\"extensionType\":\"microsoft.flux\",\"scope\":{\"namespace\":{\"targetNamespace\":\"x\"}}}}");
    assertThat(namespaced.status()).isEqualTo(400);
    var deleting = admin.delete(v(ext));
    assertThat(deleting.status()).isEqualTo(202);
    assertThat(admin.get(v(ext)).json().at("/properties/provisioningState").asText())
        .isEqualTo("Deleting");
    cluster.desired();
    assertThat(admin.get(deleting.header("Azure-AsyncOperation")).json().get("status").asText())
        .isEqualTo("Succeeded");
    assertThat(admin.delete(v(ext)).status()).isEqualTo(204);
    assertThat(admin.get(v(ext)).status()).isEqualTo(404);
  }

  static JsonNode find(JsonNode state, String name) {
    for (JsonNode c : state.get("configurations")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no configuration " + name + " in " + state);
  }

  static String statusReport(String name, long version, String compliance) {
    return """
        {"configurations":[{"name":"%s","appliedVersion":%d,"provisioningState":"Succeeded",
          "complianceState":"%s","sourceSyncedCommitId":"main@sha1:abc",
          "statuses":[{"name":"%s","namespace":"default","kind":"GitRepository","complianceState":"%s"}]}]}
        """
        .formatted(name, version, compliance, name, compliance);
  }
}
