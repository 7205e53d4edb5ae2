package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/** Extensions' full lifecycle and optimistic concurrency (ETag, If-Match, If-None-Match). */
@OnEachTestDatabase
class ExtensionsAndConcurrencyIT {
  @Parameter String databaseUrl;
  @RegisterExtension final ServiceHarness service = ServiceHarness.on(() -> databaseUrl);
  final Api admin = service.admin();
  String clusterPath;
  String configs;
  String extensions;
  SimulatedFleet.Agent agent;

  @BeforeEach
  void start() {
    clusterPath = TestServers.register(admin, TestServers.clusterPath(UUID.randomUUID(), "prod"));
    configs = TestServers.configurations(clusterPath);
    extensions = clusterPath + "/providers/Microsoft.KubernetesConfiguration/extensions";
    agent = TestServers.agent(admin, clusterPath);
  }

  /** {@code method path} as JSON with one more header ({@code header: value}) when not null. */
  Api.Response send(String method, String path, String body, String header, String value) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (header != null) {
      headers.put(header, value);
    }
    return admin.send(method, v(path), body, headers);
  }

  // --- optimistic concurrency ----------------------------------------------------------------

  @Test
  void everyResourceHasAnEtagThatChangesWithIt() {
    var put = admin.put(v(configs + "/cfg"), GIT_CONFIG);
    String etag = put.header("ETag");
    assertThat(etag).matches("\"\\d+\"");
    assertThat(admin.get(v(configs + "/cfg")).header("ETag")).isEqualTo(etag);
    admin.patch(v(configs + "/cfg"), "{\"properties\":{\"suspend\":true}}");
    assertThat(admin.get(v(configs + "/cfg")).header("ETag")).isNotEqualTo(etag);

    assertThat(admin.get(v(clusterPath)).header("ETag")).isNotBlank();
    admin.put(v(extensions + "/flux"), "{\"properties\":{\"extensionType\":\"microsoft.flux\"}}");
    assertThat(admin.get(v(extensions + "/flux")).header("ETag")).matches("\"\\d+\"");
  }

  @Test
  void aWriteWithAStaleIfMatchIs412WithArmsErrorBody() {
    String etag = admin.put(v(configs + "/cfg"), GIT_CONFIG).header("ETag");
    var first =
        send("PATCH", configs + "/cfg", "{\"properties\":{\"suspend\":true}}", "If-Match", etag);
    assertThat(first.status()).isEqualTo(202);
    var stale =
        send("PATCH", configs + "/cfg", "{\"properties\":{\"suspend\":false}}", "If-Match", etag);
    assertThat(stale.error()).startsWith("412 PreconditionFailed: ");
    assertThat(stale.errorMessage()).contains("If-Match").contains("Read it again");
    assertThat(admin.get(v(configs + "/cfg")).json().at("/properties/suspend").asBoolean())
        .isTrue();
    assertThat(send("PUT", configs + "/cfg", GIT_CONFIG, "If-Match", etag).status()).isEqualTo(412);
    assertThat(send("DELETE", configs + "/cfg", null, "If-Match", etag).status()).isEqualTo(412);
    String current = admin.get(v(configs + "/cfg")).header("ETag");
    assertThat(send("DELETE", configs + "/cfg", null, "If-Match", current).status()).isEqualTo(202);
    assertThat(send("PUT", clusterPath, "{\"location\":\"x\"}", "If-Match", "\"nope\"").status())
        .isEqualTo(412);
  }

  @Test
  void ifNoneMatchStarMakesPutCreateOnly() {
    assertThat(send("PUT", configs + "/cfg", GIT_CONFIG, "If-None-Match", "*").status())
        .isEqualTo(201);
    var again = send("PUT", configs + "/cfg", GIT_CONFIG, "If-None-Match", "*");
    assertThat(again.status()).isEqualTo(412);
    assertThat(again.errorMessage()).contains("already exists");
    assertThat(send("PUT", configs + "/absent", GIT_CONFIG, "If-Match", "*").status())
        .isEqualTo(412);
  }

  @Test
  void ofTwoRacingPatchesWithTheSameEtagExactlyOneWins() {
    String etag = admin.put(v(configs + "/cfg"), GIT_CONFIG).header("ETag");
    List<CompletableFuture<Api.Response>> racers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String body =
          "{\"properties\":{\"gitRepository\":{\"repositoryRef\":{\"branch\":\"b" + i + "\"}}}}";
      racers.add(
          CompletableFuture.supplyAsync(
              () -> send("PATCH", configs + "/cfg", body, "If-Match", etag)));
    }
    List<Integer> statuses = racers.stream().map(f -> f.join().status()).toList();
    assertThat(statuses).containsOnly(202, 412);
    assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
  }

  @Test
  void getWithTheCurrentEtagIsNotModified() {
    String etag = admin.put(v(configs + "/cfg"), GIT_CONFIG).header("ETag");
    assertThat(send("GET", configs + "/cfg", null, "If-None-Match", etag).status()).isEqualTo(304);
  }

  // --- extensions ----------------------------------------------------------------------------

  @Test
  void patchMergesSettingsAndReplacesProtectedSettings() {
    var created =
        admin.put(
            v(extensions + "/mon"),
            """
            {"properties":{"extensionType":"contoso.monitor",
              "configurationSettings":{"a":"1","b":"2"},
              "configurationProtectedSettings":{"p1":"x","p2":"y"}}}
            """);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().at("/properties/scope/cluster/releaseNamespace").asText())
        .isEqualTo("mon");
    var patched =
        admin.patch(
            v(extensions + "/mon"),
            """
            {"properties":{"configurationSettings":{"b":null,"c":"3"},
              "configurationProtectedSettings":{"p1":"z"}}}
            """);
    assertThat(patched.status()).isEqualTo(202);
    assertThat(patched.header("Azure-AsyncOperation")).contains("/extensions/mon/operations/");
    JsonNode p = patched.json().get("properties");
    assertThat(p.get("provisioningState").asText()).isEqualTo("Updating");
    assertThat(p.get("configurationSettings").toString()).isEqualTo("{\"a\":\"1\",\"c\":\"3\"}");
    assertThat(patched.body()).doesNotContain("\"z\"").doesNotContain("p1");

    // What the cluster receives: p2 was omitted from the update, so it is gone.
    JsonNode state = agent.api().get(agent.desiredPath() + "?extensions=true").json();
    assertThat(state.at("/extensions/0/properties/configurationProtectedSettings").toString())
        .isEqualTo("{\"p1\":\"z\"}");

    var same =
        admin.patch(
            v(extensions + "/mon"), "{\"properties\":{\"configurationSettings\":{\"a\":\"1\"}}}");
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.header("Azure-AsyncOperation")).isNull();

    var fixed =
        admin.patch(v(extensions + "/mon"), "{\"properties\":{\"extensionType\":\"other\"}}");
    fixed.assertBadRequestSaying("cannot be changed with PATCH");

    var pinned = admin.patch(v(extensions + "/mon"), "{\"properties\":{\"version\":\"1.2.3\"}}");
    assertThat(pinned.json().at("/properties/autoUpgradeMinorVersion").asBoolean()).isFalse();
    assertThat(pinned.json().at("/properties/currentVersion").asText()).isEqualTo("1.2.3");
  }

  @Test
  void anAgentThatManagesExtensionsReportsFailureAndVersion() {
    var created =
        admin.put(
            v(extensions + "/mon"), "{\"properties\":{\"extensionType\":\"contoso.monitor\"}}");
    JsonNode state = agent.api().get(agent.desiredPath() + "?extensions=true").json();
    JsonNode entry = state.at("/extensions/0");
    assertThat(entry.get("name").asText()).isEqualTo("mon");
    assertThat(entry.at("/properties/extensionType").asText()).isEqualTo("contoso.monitor");
    // Opted in: receiving it is not installing it.
    assertThat(
            admin.get(v(extensions + "/mon")).json().at("/properties/provisioningState").asText())
        .isEqualTo("Creating");
    var report =
        agent.status(
            """
            {"extensions":[{"name":"mon","appliedVersion":%d,"provisioningState":"Failed",
              "currentVersion":"0.9.1","errorMessage":"image pull failed",
              "statuses":[{"code":"ImagePullBackOff","level":"Error","message":"image pull failed"}]}]}
            """
                .formatted(entry.get("version").asLong()));
    assertThat(report.status()).isEqualTo(204);
    JsonNode p = admin.get(v(extensions + "/mon")).json().get("properties");
    assertThat(p.get("provisioningState").asText()).isEqualTo("Failed");
    assertThat(p.get("currentVersion").asText()).isEqualTo("0.9.1");
    assertThat(p.at("/statuses/0/code").asText()).isEqualTo("ImagePullBackOff");
    assertThat(p.at("/errorInfo/message").asText()).isEqualTo("image pull failed");
    JsonNode op = admin.get(created.header("Azure-AsyncOperation")).json();
    assertThat(op.get("status").asText()).isEqualTo("Failed");
    assertThat(op.at("/error/message").asText()).isEqualTo("image pull failed");
  }

  @Test
  void olderAgentsSeeNoExtensionsInTheirState() {
    admin.put(v(extensions + "/flux"), "{\"properties\":{\"extensionType\":\"microsoft.flux\"}}");
    JsonNode state = agent.desired().json();
    assertThat(state.has("extensions")).isFalse();
    assertThat(state.has("configurations")).isTrue();
  }

  @Test
  void forceDeleteRemovesAtOnceAndScopeCannotChange() {
    admin.put(
        v(extensions + "/mon"),
        "{\"properties\":{\"extensionType\":\"contoso.monitor\",\"scope\":{\"namespace\":{}}}}");
    JsonNode scope = admin.get(v(extensions + "/mon")).json().at("/properties/scope");
    assertThat(scope.toString()).isEqualTo("{\"namespace\":{\"targetNamespace\":\"mon\"}}");
    var moved =
        admin.put(
            v(extensions + "/mon"),
            "{\"properties\":{\"extensionType\":\"contoso.monitor\",\"scope\":{\"cluster\":{}}}}");
    moved.assertBadRequestSaying("scope of an existing extension cannot be changed");
    var bad =
        admin.put(
            v(extensions + "/other"),
            "{\"properties\":{\"extensionType\":\"x\",\"scope\":{\"cluster\":{\"releaseNamespace\":\"Bad_NS\"}}}}");
    bad.assertBadRequestAt("properties.scope.cluster.releaseNamespace");

    assertThat(admin.delete(v(extensions + "/mon") + "&forceDelete=true").status()).isEqualTo(200);
    assertThat(admin.get(v(extensions + "/mon")).status()).isEqualTo(404);
  }

  @Test
  void aReplacedAgentTokenStopsWorkingAtOnce() {
    assertThat(agent.desired().status()).isEqualTo(200);
    admin.post(v(clusterPath + "/issueAgentToken"), null);
    assertThat(agent.desired().status()).isEqualTo(401);
  }
}
