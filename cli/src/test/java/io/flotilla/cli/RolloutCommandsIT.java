package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.api.agent.AgentApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code flotilla k8s-configuration flux assignment rollout …} as a user drives it: clusters
 * connected with tags, a Staged assignment, a new template rolled out in two waves (agents
 * simulated over the agent API, reporting Compliant), paused, resumed, shown and listed; bad waves
 * refused.
 */
class RolloutCommandsIT extends ServiceIT {
  static final String SUB = "00000000-0000-0000-0000-0000000000dd";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Cluster name to {clusterId, agent token}. */
  final Map<String, String[]> agents = new LinkedHashMap<>();

  RolloutCommandsIT() {
    super(SUB);
  }

  JsonNode ok(String line) throws Exception {
    var r = run(line);
    assertThat(r.exitCode()).as(line + "\n" + r.err()).isZero();
    return r.out().isBlank() ? null : JSON.readTree(r.out());
  }

  void connect(String name, String ring) throws Exception {
    Path tokenFile = home.resolve("token-" + name);
    var r =
        run(
            "connectedk8s connect -n "
                + name
                + " -g rg --tags ring="
                + ring
                + " --agent-token-file "
                + tokenFile);
    assertThat(r.exitCode()).as(r.err()).isZero();
    String id = r.err().replaceAll("(?s).*--cluster-id (\\S+).*", "$1");
    agents.put(name, new String[] {id, Files.readString(tokenFile).strip()});
  }

  /** Each simulated agent fetches its desired state and reports configuration "app" Compliant. */
  Map<String, String> reportAll() throws Exception {
    Map<String, String> tags = new LinkedHashMap<>();
    for (var e : agents.entrySet()) {
      String[] cred = e.getValue();
      var desired =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.url() + AgentApi.desiredPath(cred[0])))
                  .header("Authorization", "Bearer " + cred[1])
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode c : JSON.readTree(desired.body()).path("configurations")) {
        if (c.path("name").asText().equals("app")) {
          tags.put(e.getKey(), c.at("/properties/gitRepository/repositoryRef/tag").asText());
          String report =
              """
              {"configurations":[{"name":"app","appliedVersion":%d,"provisioningState":"Succeeded",
                "complianceState":"Compliant","statuses":[]}]}
              """
                  .formatted(c.path("version").asLong());
          var posted =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(server.url() + AgentApi.statusPath(cred[0])))
                      .header("Authorization", "Bearer " + cred[1])
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(report))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
        }
      }
    }
    return tags;
  }

  static String template(String tag) {
    return "'{\"sourceKind\":\"GitRepository\",\"gitRepository\":{\"url\":"
        + "\"https://github.com/Azure/arc-k8s-demo\",\"repositoryRef\":{\"tag\":\""
        + tag
        + "\"}},\"kustomizations\":{\"apps\":{\"path\":\"./apps\"}}}'";
  }

  static final String ASSIGNMENT =
      "k8s-configuration flux assignment create -n fleet -g rg --configuration-name app"
          + " --rollout-mode Staged --template ";
  static final String ROLLOUT = "k8s-configuration flux assignment rollout ";

  @Test
  void aUserRollsANewTemplateOutInWavesPausesResumesAndSeesEveryClustersRevision()
      throws Exception {
    connect("c1", "0");
    connect("c2", "1");
    connect("c3", "1");
    ok(ASSIGNMENT + template("v1"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(reportAll()).containsOnlyKeys("c1", "c2", "c3"));
    JsonNode updated = ok(ASSIGNMENT + template("v2"));
    assertThat(updated.at("/properties/revision").asLong()).isEqualTo(2);
    assertThat(updated.at("/properties/releasedRevision").asLong()).isEqualTo(1);

    JsonNode created =
        ok(
            ROLLOUT
                + "create -n r1 --assignment fleet -g rg --wave 'canary:clusters=c1;bake=0'"
                + " --wave 'ring-1:tags=ring=1;max-unavailable=1;bake=0'");
    assertThat(created.at("/properties/targetRevision").asLong()).isEqualTo(2);
    assertThat(created.at("/properties/waves/1/clusterSelector/matchTags/ring").asText())
        .isEqualTo("1");
    assertThat(created.at("/properties/status/currentWave").asText()).isEqualTo("canary");

    JsonNode paused = ok(ROLLOUT + "pause -n r1 --assignment fleet -g rg");
    assertThat(paused.at("/properties/status/state").asText()).isEqualTo("Paused");
    reportAll();
    assertThat(
            ok(ROLLOUT + "show -n r1 --assignment fleet -g rg")
                .at("/properties/status/state")
                .asText())
        .isEqualTo("Paused");
    var conflict = run(ROLLOUT + "pause -n r1 --assignment fleet -g rg");
    assertThat(conflict.exitCode()).isNotZero();
    assertThat(conflict.err())
        .contains("The rollout is Paused; 'pause' applies only to a rollout that is Running.");

    assertThat(
            ok(ROLLOUT + "resume -n r1 --assignment fleet -g rg")
                .at("/properties/status/state")
                .asText())
        .isEqualTo("Running");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              reportAll();
              assertThat(
                      ok(ROLLOUT + "show -n r1 --assignment fleet -g rg")
                          .at("/properties/status/state")
                          .asText())
                  .isEqualTo("Succeeded");
            });
    JsonNode done = ok(ROLLOUT + "show -n r1 --assignment fleet -g rg");
    for (JsonNode wave : done.at("/properties/status/waves")) {
      assertThat(wave.path("state").asText()).isEqualTo("Succeeded");
      for (JsonNode c : wave.path("clusters")) {
        assertThat(c.path("revision").asLong()).as(c.toString()).isEqualTo(2);
      }
    }
    assertThat(reportAll()).containsValues("v2").doesNotContainValue("v1");
    JsonNode list = ok(ROLLOUT + "list --assignment fleet -g rg");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("name").asText()).isEqualTo("r1");
    var table = run(ROLLOUT + "list --assignment fleet -g rg -o table");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("r1");
  }

  @Test
  void aUserRollsAConfigurationChangeOutInWaves() throws Exception {
    connect("c1", "0");
    connect("c2", "1");
    // each cluster's own configuration, PUT over REST (flux create would wait for an extension)
    for (String c : new String[] {"c1", "c2"}) {
      var put =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          server.url()
                              + "/subscriptions/"
                              + SUB
                              + "/resourceGroups/rg/providers/Microsoft.Kubernetes"
                              + "/connectedClusters/"
                              + c
                              + "/providers/Microsoft.KubernetesConfiguration"
                              + "/fluxConfigurations/app?api-version=2025-04-01"))
                  .header("Authorization", "Bearer " + server.adminToken())
                  .header("Content-Type", "application/json")
                  .PUT(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"properties\":" + template("v1").replace("'", "") + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(reportAll()).containsEntry("c1", "v1").containsEntry("c2", "v1"));
    String rollout = "k8s-configuration flux rollout ";
    var missing = run(rollout + "create -n r1 -g rg --wave 'canary:clusters=c1'");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("needs --configuration-name and --patch");
    JsonNode created =
        ok(
            rollout
                + "create -n r1 -g rg --configuration-name app"
                + " --patch '{\"gitRepository\":{\"repositoryRef\":{\"tag\":\"v2\"}}}'"
                + " --wave 'canary:clusters=c1;bake=0' --wave 'ring-1:tags=ring=1;bake=0'");
    assertThat(created.path("type").asText())
        .isEqualTo("Microsoft.KubernetesConfiguration/fluxConfigurationRollouts");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              reportAll();
              assertThat(ok(rollout + "show -n r1 -g rg").at("/properties/status/state").asText())
                  .isEqualTo("Succeeded");
            });
    assertThat(reportAll()).containsEntry("c1", "v2").containsEntry("c2", "v2");
    assertThat(ok(rollout + "list -g rg")).hasSize(1);
    var again = run(rollout + "pause -n r1 -g rg");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("The rollout is Succeeded");
  }

  @Test
  void badWavesAreRefusedWithTheServersMessageOrAUsageError() throws Exception {
    connect("c1", "0");
    ok(ASSIGNMENT + template("v1"));
    ok(ASSIGNMENT + template("v2"));
    var empty =
        run(
            ROLLOUT
                + "create -n r1 --assignment fleet -g rg --wave 'canary:clusters=c1'"
                + " --wave 'nobody:tags=ring=9'");
    assertThat(empty.exitCode()).isNotZero();
    assertThat(empty.err()).contains("Wave 'nobody' is empty");
    var unknown = run(ROLLOUT + "create -n r1 --assignment fleet -g rg --wave 'a:clusters=ghost'");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("Cluster 'ghost' of wave 'a' is not one of the clusters");
    var bake =
        run(ROLLOUT + "create -n r1 --assignment fleet -g rg --wave 'a:clusters=c1;bake=-1'");
    assertThat(bake.exitCode()).isNotZero();
    assertThat(bake.err()).contains("bakeTimeInSeconds of wave 'a' is invalid (-1)");
    var shape = run(ROLLOUT + "create -n r1 --assignment fleet -g rg --wave 'a:colour=red'");
    assertThat(shape.exitCode()).isEqualTo(2);
    assertThat(shape.err())
        .contains("usage error: --wave 'a:colour=red': 'colour' is not one of clusters, tags");
    assertThat(ok(ROLLOUT + "list --assignment fleet -g rg")).isEmpty();
  }
}
