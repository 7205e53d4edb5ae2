package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.agent.AgentApi;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's "bad input" list, for what {@link ConfigurationServerIT} and {@link
 * ExtensionsAndConcurrencyIT} do not cover already: PATCH bodies, unknown nested properties, bodies
 * without a Content-Length, malformed agent reports, and 401/403 that do not tell which resources
 * exist.
 */
class BadInputIT {
  @TempDir Path dataDir;
  ConfigurationServer server;
  Api admin;
  String clusterPath;
  String configs;

  @BeforeEach
  void start() {
    server =
        ConfigurationServer.start(
            ServerOptions.defaults().withPort(0).withDataDir(dataDir),
            java.time.Clock.systemUTC(),
            name -> null);
    admin = new Api(server.url(), server.adminToken());
    clusterPath =
        "/subscriptions/"
            + UUID.randomUUID()
            + "/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/prod";
    configs = clusterPath + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations";
    assertThat(admin.put(v(clusterPath), "{\"location\":\"westeurope\"}").status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aTypoInANestedPropertyIsRefusedNamingTheField() {
    var put = admin.put(v(configs + "/cfg"), GIT_CONFIG.replace("\"url\":", "\"urll\":"));
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("InvalidRequestContent");
    assertThat(put.json().at("/error/target").asText()).isEqualTo("properties.gitRepository.urll");
    assertThat(put.errorMessage()).contains("Known properties are").contains("url");

    var inKustomization =
        admin.put(v(configs + "/cfg"), GIT_CONFIG.replace("\"prune\":true", "\"purne\":true"));
    assertThat(inKustomization.status()).isEqualTo(400);
    assertThat(inKustomization.json().at("/error/target").asText())
        .isEqualTo("properties.kustomizations.apps.purne");
    assertThat(admin.get(v(configs + "/cfg")).status()).isEqualTo(404);
  }

  @Test
  void badPatchBodiesAreRefusedAndChangeNothing() {
    assertThat(admin.put(v(configs + "/cfg"), GIT_CONFIG).status()).isEqualTo(201);
    String etag = admin.get(v(configs + "/cfg")).header("ETag");

    var malformed = admin.patch(v(configs + "/cfg"), "{\"properties\":{\"suspend\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("InvalidRequestContent");

    var unknownTop = admin.patch(v(configs + "/cfg"), "{\"tags\":{},\"properties\":{}}");
    assertThat(unknownTop.status()).isEqualTo(400);
    assertThat(unknownTop.errorMessage()).contains("'tags'");

    var unknownNested =
        admin.patch(v(configs + "/cfg"), "{\"properties\":{\"gitRepository\":{\"branch\":\"x\"}}}");
    assertThat(unknownNested.status()).isEqualTo(400);
    assertThat(unknownNested.json().at("/error/target").asText())
        .isEqualTo("properties.gitRepository.branch");

    var wrongType =
        admin.patch(
            v(configs + "/cfg"),
            "{\"properties\":{\"kustomizations\":{\"apps\":{\"prune\":\"yes\"}}}}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.errorMessage()).contains("true or false");

    var notAnObject = admin.patch(v(configs + "/cfg"), "[1,2]");
    assertThat(notAnObject.status()).isEqualTo(400);

    assertThat(admin.get(v(configs + "/cfg")).header("ETag")).isEqualTo(etag);
  }

  @Test
  void anOversizedBodyWithoutContentLengthIs413() throws Exception {
    byte[] huge = ("{\"properties\":{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}}").getBytes();
    // A streamed body is sent chunked: the limit must hold without a Content-Length to trust.
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + v(configs + "/cfg")))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + server.adminToken())
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(huge)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("RequestEntityTooLarge");
  }

  @Test
  void malformedAgentReportsAre400() {
    JsonNode cred = admin.post(v(clusterPath + "/issueAgentToken"), null).json();
    String id = cred.get("clusterId").asText();
    Api agent = admin.withToken(cred.get("token").asText());
    var malformed = agent.post(AgentApi.statusPath(id), "{\"configurations\":[");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("InvalidRequestContent");
    var unknown = agent.post(AgentApi.statusPath(id), "{\"configs\":[]}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorMessage()).contains("'configs'");
    var wrongType =
        agent.post(AgentApi.statusPath(id), "{\"configurations\":[{\"appliedVersion\":\"x\"}]}");
    assertThat(wrongType.status()).isEqualTo(400);
    var badWait = agent.get(AgentApi.desiredPath(id) + "?waitSeconds=soon");
    assertThat(badWait.status()).isEqualTo(400);
    assertThat(badWait.json().at("/error/target").asText()).isEqualTo("waitSeconds");
  }

  @Test
  void anAgentTokenLearnsNothingAboutOtherClusters() {
    JsonNode cred = admin.post(v(clusterPath + "/issueAgentToken"), null).json();
    Api agent = admin.withToken(cred.get("token").asText());
    String other = clusterPath.replace("/prod", "/other");
    admin.put(v(other), "{\"location\":\"westeurope\"}");
    String otherId =
        admin.post(v(other + "/issueAgentToken"), null).json().get("clusterId").asText();
    String absentId = UUID.randomUUID().toString();

    var existing = agent.get(AgentApi.desiredPath(otherId));
    var absent = agent.get(AgentApi.desiredPath(absentId));
    assertThat(existing.status()).isEqualTo(403);
    assertThat(absent.status()).isEqualTo(403);
    assertThat(absent.body()).isEqualTo(existing.body().replace(otherId, absentId));

    // A bad token is the same 401 whether the cluster exists or not.
    Api forged = admin.withToken("flt_agent_forged");
    var forgedExisting = forged.get(AgentApi.desiredPath(otherId));
    var forgedAbsent = forged.get(AgentApi.desiredPath(absentId));
    assertThat(forgedExisting.status()).isEqualTo(401);
    assertThat(forgedAbsent.body()).isEqualTo(forgedExisting.body());
    // ... and so is an admin path of an unknown subscription.
    var armAbsent =
        forged.get(
            v(
                configs.replace(
                    clusterPath,
                    "/subscriptions/none/resourceGroups/x"
                        + "/providers/Microsoft.Kubernetes/connectedClusters/y")));
    assertThat(armAbsent.status()).isEqualTo(401);
    assertThat(armAbsent.body()).isEqualTo(forged.get(v(configs)).body());
  }
}
