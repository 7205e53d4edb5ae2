package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.agent.AgentApi;
import io.flotilla.server.http.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7's "bad input" list, for what {@link ConfigurationServerIT} and {@link
 * ExtensionsAndConcurrencyIT} do not cover already: PATCH bodies, unknown nested properties, bodies
 * without a Content-Length, malformed agent reports, and 401/403 that do not tell which resources
 * exist. Then issue 14's probe of the REST API over real HTTP: what ARM refuses is refused here
 * too, with an ARM error body whatever the status, and nothing is stored.
 */
class BadInputIT {

  @RegisterExtension
  final ServiceHarness service = ServiceHarness.h2().clock(java.time.Clock.systemUTC());

  final Api admin = service.admin();

  String sub = UUID.randomUUID().toString();
  String clusterPath = TestServers.clusterPath(sub, "prod");
  String configs = TestServers.configurations(clusterPath);

  @BeforeEach
  void registerCluster() {
    TestServers.register(admin, clusterPath);
  }

  /** PUTs the Git configuration with {@code property} (JSON) added to its properties. */
  Api.Response putWith(String property) {
    return admin.put(
        v(configs + "/cfg"),
        GIT_CONFIG.replace("{\"properties\":{", "{\"properties\":{" + property + ","));
  }

  /** PUTs the Git configuration with {@code field} (JSON) added to its gitRepository. */
  Api.Response putWithSource(String field) {
    return admin.put(
        v(configs + "/cfg"), GIT_CONFIG.replace("\"repositoryRef\"", field + ",\"repositoryRef\""));
  }

  @Test
  void aTypoInANestedPropertyIsRefusedNamingTheField() {
    var put = admin.put(v(configs + "/cfg"), GIT_CONFIG.replace("\"url\":", "\"urll\":"));
    assertThat(put.error()).startsWith("400 InvalidRequestContent: ");
    assertThat(put.errorTarget()).isEqualTo("properties.gitRepository.urll");
    assertThat(put.errorMessage()).contains("Known properties are").contains("url");

    var inKustomization =
        admin.put(v(configs + "/cfg"), GIT_CONFIG.replace("\"prune\":true", "\"purne\":true"));
    inKustomization.assertBadRequestAt("properties.kustomizations.apps.purne");
    assertThat(admin.get(v(configs + "/cfg")).status()).isEqualTo(404);
  }

  @Test
  void badPatchBodiesAreRefusedAndChangeNothing() {
    assertThat(admin.put(v(configs + "/cfg"), GIT_CONFIG).status()).isEqualTo(201);
    String etag = admin.get(v(configs + "/cfg")).header("ETag");

    var malformed = admin.patch(v(configs + "/cfg"), "{\"properties\":{\"suspend\":");
    assertThat(malformed.error()).startsWith("400 InvalidRequestContent: ");

    var unknownTop = admin.patch(v(configs + "/cfg"), "{\"tags\":{},\"properties\":{}}");
    unknownTop.assertBadRequestSaying("'tags'");

    var unknownNested =
        admin.patch(v(configs + "/cfg"), "{\"properties\":{\"gitRepository\":{\"branch\":\"x\"}}}");
    unknownNested.assertBadRequestAt("properties.gitRepository.branch");

    var wrongType =
        admin.patch(
            v(configs + "/cfg"),
            "{\"properties\":{\"kustomizations\":{\"apps\":{\"prune\":\"yes\"}}}}");
    wrongType.assertBadRequestSaying("true or false");

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
                HttpRequest.newBuilder(URI.create(service.server().url() + v(configs + "/cfg")))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + service.server().adminToken())
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
    var agent = TestServers.agent(admin, clusterPath);
    var malformed = agent.status("{\"configurations\":[");
    assertThat(malformed.error()).startsWith("400 InvalidRequestContent: ");
    var unknown = agent.status("{\"configs\":[]}");
    unknown.assertBadRequestSaying("'configs'");
    var wrongType = agent.status("{\"configurations\":[{\"appliedVersion\":\"x\"}]}");
    assertThat(wrongType.status()).isEqualTo(400);
    var badWait = agent.api().get(agent.desiredPath() + "?waitSeconds=soon");
    badWait.assertBadRequestAt("waitSeconds");
  }

  @Test
  void anAgentTokenLearnsNothingAboutOtherClusters() {
    Api agent = TestServers.agent(admin, clusterPath).api();
    String other = clusterPath.replace("/prod", "/other");
    admin.put(v(other), "{\"location\":\"westeurope\"}");
    String otherId = TestServers.agent(admin, other).clusterId();
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

  // --- issue 14's probe: what ARM refuses is refused, with an ARM body for every status ---

  HttpResponse<String> send(String method, String pathAndQuery, String contentType, String body) {
    Map<String, String> headers =
        contentType == null ? Map.of() : Map.of("Content-Type", contentType);
    return admin.send(method, pathAndQuery, body, headers).raw();
  }

  static JsonNode armError(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .as("an ARM error is JSON: %s", r.body())
        .startsWith("application/json");
    JsonNode error = Json.tree(r.body()).path("error");
    assertThat(error.path("code").asText()).as(r.body()).isNotBlank();
    assertThat(error.path("message").asText()).as(r.body()).isNotBlank();
    return error;
  }

  /** Asserts {@code r} is an ARM error with this status, code and message. */
  static void assertArmError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).isEqualTo(status);
    JsonNode error = armError(r);
    assertThat(error.path("code").asText()).isEqualTo(code);
    assertThat(error.path("message").asText()).isEqualTo(message);
  }

  void assertNothingStored() {
    assertThat(admin.get(v(configs + "/cfg")).status()).isEqualTo(404);
  }

  @Test
  void aBodyIsOneJsonDocumentWithoutRepeatedKeys() {
    var trailing = admin.put(v(configs + "/cfg"), GIT_CONFIG + " garbage");
    var twoDocuments = admin.put(v(configs + "/cfg"), GIT_CONFIG + GIT_CONFIG);
    var duplicateUrl =
        admin.put(
            v(configs + "/cfg"),
            GIT_CONFIG.replace(
                "\"url\":\"https://github.com/Azure/arc-k8s-demo\"",
                "\"url\":\"https://github.com/Azure/arc-k8s-demo\",\"url\":\"https://evil.test/x\""));

    for (var r : new Api.Response[] {trailing, twoDocuments, duplicateUrl}) {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("InvalidRequestContent");
    }
    // text after the document is read as a token first: refused as JSON it is not
    assertThat(trailing.errorMessage())
        .contains("not valid JSON (line 5, column 2)")
        .doesNotContain("garbage");
    assertThat(twoDocuments.errorMessage()).contains("more than one JSON document");
    assertThat(duplicateUrl.errorMessage())
        .contains("the property 'url' appears twice in the same object");
    assertNothingStored();
  }

  @Test
  void onlyJsonBodiesAreTaken() throws Exception {
    var plain = send("PUT", v(configs + "/cfg"), "text/plain", GIT_CONFIG);
    assertArmError(
        plain,
        415,
        "UnsupportedMediaType",
        "The content media type 'text/plain' is not supported. Only 'application/json' is"
            + " supported.");
    var none = send("PUT", v(configs + "/cfg"), null, GIT_CONFIG);
    assertThat(none.statusCode()).isEqualTo(415);
    armError(none);
    assertNothingStored();
    var json = send("PUT", v(configs + "/cfg"), "application/json; charset=utf-8", GIT_CONFIG);
    assertThat(json.statusCode()).as(json.body()).isEqualTo(201);
  }

  @Test
  void integerFieldsTakeIntegersAndRangesHold() {
    var fractional = putWithSource("\"syncIntervalInSeconds\":1.5");
    fractional.assertBadRequestAt("properties.gitRepository.syncIntervalInSeconds");
    assertThat(fractional.errorMessage()).contains("must be a number");

    var quoted = putWithSource("\"timeoutInSeconds\":\"600\"");
    assertThat(quoted.status()).isEqualTo(400);
    var stringBoolean = admin.put(v(configs + "/cfg"), GIT_CONFIG.replace("true", "\"true\""));
    stringBoolean.assertBadRequestSaying("true or false");

    var beyondGo = putWithSource("\"syncIntervalInSeconds\":9223372037");
    beyondGo.assertBadRequestSaying("longer than the longest duration Flux can hold");
    assertNothingStored();

    var agent = TestServers.agent(admin, clusterPath);
    var negativeWait = agent.api().get(agent.desiredPath() + "?waitSeconds=-1");
    negativeWait.assertBadRequestAt("waitSeconds");
  }

  @Test
  void resourceGroupNamesFollowArmsRule() throws Exception {
    for (String rg : new String[] {"rg' OR 1=1--", "rg\u0001x", "rg.", "a".repeat(91)}) {
      String path =
          "/subscriptions/"
              + sub
              + "/resourceGroups/"
              + URLEncoder.encode(rg, StandardCharsets.UTF_8).replace("+", "%20")
              + "/providers/Microsoft.Kubernetes/connectedClusters/prod";
      var r = send("PUT", v(path), "application/json", "{\"location\":\"westeurope\"}");
      assertThat(r.statusCode()).as(rg).isEqualTo(400);
      JsonNode error = armError(r);
      assertThat(error.path("code").asText()).isEqualTo("InvalidResourceGroup");
      assertThat(error.path("message").asText()).doesNotContain("\u0001");
    }
    var quote =
        send(
            "GET",
            v(
                "/subscriptions/"
                    + sub
                    + "/resourceGroups/rg'%20OR%201=1--/providers/Microsoft.Kubernetes/connectedClusters"),
            null,
            null);
    assertThat(armError(quote).path("message").asText())
        .isEqualTo(
            "The provided resource group name 'rg' OR 1=1--' has these invalid characters: '' ='."
                + " The name can only be a letter, digit, '-', '.', '(', ')' or '_'.");
    // Letters of any script, digits, and ARM's punctuation are fine.
    String fine =
        "/subscriptions/"
            + sub
            + "/resourceGroups/Équipe_(1).prod-2/providers/"
            + "Microsoft.Kubernetes/connectedClusters/prod";
    assertThat(
            send(
                    "PUT",
                    v(URI.create("http://x" + encodePath(fine)).getRawPath()),
                    "application/json",
                    "{\"location\":\"westeurope\"}")
                .statusCode())
        .isEqualTo(201);
  }

  static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (!out.isEmpty() || !segment.isEmpty()) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString().startsWith("/") ? out.toString() : "/" + out;
  }

  @Test
  void apiVersionsAreTheOnesServedPerResourceType() throws Exception {
    var bogus = send("GET", configs + "?api-version=latest", null, null);
    assertArmError(
        bogus,
        400,
        "InvalidApiVersionParameter",
        "The api-version 'latest' is invalid. The supported versions are '2024-11-01,"
            + " 2025-04-01'.");

    var old = send("GET", configs + "?api-version=2019-01-01", null, null);
    assertThat(old.statusCode()).isEqualTo(400);
    JsonNode unsupported = armError(old);
    assertThat(unsupported.path("code").asText()).isEqualTo("NoRegisteredProviderFound");
    assertThat(unsupported.path("message").asText())
        .contains("'2019-01-01'")
        .contains("'fluxConfigurations'")
        .contains("The supported api-versions are '2024-11-01, 2025-04-01'.");

    // the cluster's own version does not open the configuration API, and back
    assertThat(send("GET", configs + "?api-version=2024-01-01", null, null).statusCode())
        .isEqualTo(400);
    assertThat(send("GET", clusterPath + "?api-version=2025-04-01", null, null).statusCode())
        .isEqualTo(400);
    assertThat(send("GET", configs + "?api-version=2024-11-01", null, null).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", v(clusterPath), null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void protectedSettingsTakeOnlyTheKeysTheClusterUsesAndNeverEchoAValue() {
    String secret = "hunter2-not-base64!";
    var unknown = putWith("\"configurationProtectedSettings\":{\"token\":\"aGk=\"}");
    unknown.assertBadRequestAt("properties.configurationProtectedSettings.token");
    assertThat(unknown.errorMessage()).contains("bucketSecretKey, httpsKey, sshPrivateKey");

    var malformed = putWith("\"configurationProtectedSettings\":{\"httpsKey\":\"" + secret + "\"}");
    malformed.assertBadRequestSaying("'httpsKey' is not valid base64");
    assertThat(malformed.body()).doesNotContain("hunter2");

    var unquoted = putWith("\"configurationProtectedSettings\":{\"httpsKey\":hunter2}");
    unquoted.assertBadRequestSaying("not valid JSON (line 1, column");
    assertThat(unquoted.body()).doesNotContain("hunter2");

    var notAString = putWith("\"configurationProtectedSettings\":{\"httpsKey\":31337}");
    assertThat(notAString.status()).isEqualTo(400);
    assertThat(notAString.body()).doesNotContain("31337");
    assertNothingStored();

    // nothing of it reached the cluster's desired state either
    var desired = TestServers.agent(admin, clusterPath).desired();
    assertThat(desired.json().path("configurations")).isEmpty();
  }

  @Test
  void aNamespaceTheClusterWouldRefuseIsRefusedHereNamingTheField() {
    String ns = "n".repeat(64);
    var tooLong = putWith("\"namespace\":\"" + ns + "\"");
    tooLong.assertBadRequestAt("properties.namespace");
    assertThat(tooLong.errorMessage())
        .contains("DNS-1123 label of at most 63 characters, and this one has 64");
    var sixtyThree = putWith("\"namespace\":\"" + "n".repeat(63) + "\"");
    assertThat(sixtyThree.status()).as(sixtyThree.body()).isEqualTo(201);
  }

  @Test
  void jettysOwnRefusalsAreArmErrorsToo() throws Exception {
    var nul = send("GET", configs + "/a%00b?api-version=2025-04-01", null, null);
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(armError(nul).path("message").asText()).doesNotContain("<html");

    var longUri =
        send("GET", configs + "/" + "a".repeat(20_000) + "?api-version=2025-04-01", null, null);
    assertThat(longUri.statusCode()).isEqualTo(414);
    assertThat(armError(longUri).path("code").asText()).isEqualTo("RequestUriTooLong");

    // a raw NUL byte in the request line, which no well-behaved client sends
    try (Socket s = new Socket("127.0.0.1", service.server().port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + configs
                  + "/a\u0000b?api-version=2025-04-01 HTTP/1.1\r\nHost: x\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response).containsIgnoringCase("content-type: application/json");
      assertThat(response).contains("{\"error\":{\"code\":");
    }
  }
}
