package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.agent.AgentApi;
import io.flotilla.api.arm.ClusterRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/** Assignments over the REST API, with agents simulated at the protocol level. */
@OnEachTestDatabase
class AssignmentIT {
  @Parameter String databaseUrl;

  @RegisterExtension final ServiceHarness service = ServiceHarness.on(() -> databaseUrl);
  final Api admin = service.admin();
  final String sub = UUID.randomUUID().toString();

  static final String TEMPLATE =
      """
      {"sourceKind":"GitRepository",
       "gitRepository":{"url":"https://github.com/Azure/arc-k8s-demo","repositoryRef":{"branch":"main"}},
       "kustomizations":{"apps":{"path":"./clusters/${cluster.name}","prune":true}}}
      """;

  String assignment(String rg, String name) {
    return "/subscriptions/"
        + sub
        + (rg == null ? "" : "/resourceGroups/" + rg)
        + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurationAssignments/"
        + name;
  }

  static String body(String configurationName, String extra, String template) {
    return """
        {"properties":{"configurationName":"%s",%s"template":%s}}
        """
        .formatted(configurationName, extra, template);
  }

  ClusterRef ref(String rg, String name) {
    return new ClusterRef(sub, rg, "Microsoft.Kubernetes", "connectedClusters", name);
  }

  /** A cluster connected over ARM with tags (a JSON object), and its simulated agent. */
  SimulatedFleet.Agent connect(String rg, String name, String tags) {
    ClusterRef ref = ref(rg, name);
    var put =
        admin.put(
            v(ref.resourceId()),
            "{\"location\":\"westeurope\"" + (tags == null ? "" : ",\"tags\":" + tags) + "}");
    assertThat(put.status()).isIn(200, 201);
    return TestServers.agent(admin, ref.resourceId());
  }

  /** Changes a connected cluster's tags (an ARM PUT of the cluster; its agent keeps its token). */
  void retag(String rg, String name, String tags) {
    var put =
        admin.put(
            v(ref(rg, name).resourceId()), "{\"location\":\"westeurope\",\"tags\":" + tags + "}");
    assertThat(put.status()).isEqualTo(200);
  }

  /**
   * Waits up to 5 s for the resource at {@code path} to show {@code expected} at {@code pointer}.
   */
  void awaitAt(String path, String pointer, String expected) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(admin.get(v(path)).json().at(pointer).asText()).isEqualTo(expected));
  }

  JsonNode compliance(String path) {
    var r = admin.get(v(path));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/properties/compliance");
  }

  @Test
  void anAssignmentReachesAThousandClustersAndANewlyConnectedOneWithinFiveSeconds()
      throws Exception {
    int n = 1000;
    List<SimulatedFleet.Agent> agents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      agents.add(
          SimulatedFleet.connect(service.server(), ref("rg-" + (i % 10), "c%04d".formatted(i))));
    }
    List<CompletableFuture<JsonNode>> received = new ArrayList<>();
    for (var a : agents) {
      received.add(a.connectAndAwait("fleet-config"));
    }
    String path = assignment(null, "fleet");
    long start = System.nanoTime();
    var put = admin.put(v(path), body("fleet-config", "", TEMPLATE));
    assertThat(put.status()).as(put.body()).isEqualTo(201);
    CompletableFuture.allOf(received.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    Duration fanOut = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("assignment reached " + n + " simulated clusters in " + fanOut);
    assertThat(fanOut).isLessThan(Duration.ofSeconds(60));
    // each cluster's own path, rendered from ${cluster.name}
    JsonNode first = received.get(7).join();
    assertThat(first.at("/properties/kustomizations/apps/path").asText())
        .isEqualTo("./clusters/c0007");

    for (int i = 0; i < n; i++) {
      JsonNode c = received.get(i).join();
      String compliance = i % 100 == 0 ? "Non-Compliant" : "Compliant";
      assertThat(agents.get(i).report("fleet-config", c.path("version").asLong(), compliance))
          .isEqualTo(204);
    }
    JsonNode summary = compliance(path);
    assertThat(summary.path("total").asInt()).isEqualTo(n);
    assertThat(summary.path("compliant").asInt()).isEqualTo(990);
    assertThat(summary.path("nonCompliant").asInt()).isEqualTo(10);
    assertThat(summary.path("pending").asInt()).isZero();
    assertThat(summary.path("upToDate").asInt()).isEqualTo(n);

    // a cluster connected later gets it within 5 s, through its long-poll
    long joined = System.nanoTime();
    var late = SimulatedFleet.connect(service.server(), ref("rg-late", "late"));
    JsonNode got = late.awaitConfiguration("fleet-config").get(5, TimeUnit.SECONDS);
    System.out.println(
        "a newly connected cluster got it in " + Duration.ofNanos(System.nanoTime() - joined));
    assertThat(got.at("/properties/kustomizations/apps/path").asText())
        .isEqualTo("./clusters/late");
    assertThat(compliance(path).path("total").asInt()).isEqualTo(n + 1);
    assertThat(compliance(path).path("pending").asInt()).isEqualTo(1);
  }

  @Test
  void scopeTagsAndClusterTypesSelectClustersAndOwnershipIsShown() {
    var prodA = connect("rg-a", "prod-a", "{\"env\":\"prod\",\"region\":\"west\"}");
    var devA = connect("rg-a", "dev-a", "{\"env\":\"dev\"}");
    var prodB = connect("rg-b", "prod-b", "{\"env\":\"prod\"}");
    String path = assignment("rg-a", "prod-only");
    var put =
        admin.put(
            v(path),
            body(
                "baseline",
                "\"clusterSelector\":{\"matchTags\":{\"env\":\"prod\"}},"
                    + "\"clusterTypes\":[\"Microsoft.Kubernetes/connectedClusters\"],"
                    + "\"clusterTagSubstitutions\":true,",
                TEMPLATE));
    assertThat(put.status()).as(put.body()).isEqualTo(201);
    JsonNode c = prodA.awaitConfiguration("baseline").join();
    assertThat(c.at("/properties/kustomizations/apps/postBuild/substitute/region").asText())
        .isEqualTo("west");
    assertThat(c.at("/properties/kustomizations/apps/postBuild/substitute/env").asText())
        .isEqualTo("prod");
    // the configuration says who owns it
    var config = admin.get(v(prodA.ref().fluxConfigurationId("baseline")));
    assertThat(config.json().path("managedBy").asText()).isEqualTo(path);
    // out of the selector (dev) or out of the resource group: nothing
    assertThat(admin.get(v(devA.ref().fluxConfigurationId("baseline"))).status()).isEqualTo(404);
    assertThat(admin.get(v(prodB.ref().fluxConfigurationId("baseline"))).status()).isEqualTo(404);
    assertThat(compliance(path).path("total").asInt()).isEqualTo(1);

    // dev-a becomes prod: it gets the configuration within seconds
    retag("rg-a", "dev-a", "{\"env\":\"prod\"}");
    devA.awaitConfiguration("baseline").orTimeout(5, TimeUnit.SECONDS).join();
    // prod-a leaves (tag changed): only the configuration the assignment owns is deleted
    retag("rg-a", "prod-a", "{\"env\":\"staging\"}");
    awaitAt(
        prodA.ref().fluxConfigurationId("baseline"), "/properties/provisioningState", "Deleting");
    assertThat(compliance(path).path("total").asInt()).isEqualTo(1);
  }

  @Test
  void aHandMadeConfigurationOfTheSameNameIsNeverTakenOverNorDeleted() {
    var a = connect("rg", "hand", "{\"env\":\"prod\"}");
    String handMade = a.ref().fluxConfigurationId("baseline");
    assertThat(admin.put(v(handMade), ConfigurationServerIT.GIT_CONFIG).status()).isEqualTo(201);
    String before = admin.get(v(handMade)).json().path("properties").toString();
    String path = assignment("rg", "a1");
    assertThat(admin.put(v(path), body("baseline", "", TEMPLATE)).status()).isEqualTo(201);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonNode s = compliance(path);
              assertThat(s.path("nonCompliant").asInt()).isEqualTo(1);
              assertThat(s.path("conflicts").get(0).asText())
                  .isEqualTo(handMade + " was not created by this assignment");
            });
    // the cluster leaves the scope (the assignment is deleted): the hand-made one stays
    assertThat(admin.delete(v(path)).status()).isEqualTo(200);
    var after = admin.get(v(handMade));
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.json().path("managedBy").isMissingNode()).isTrue();
    assertThat(after.json().at("/properties/provisioningState").asText()).isNotEqualTo("Deleting");
    assertThat(after.json().path("properties").toString()).isEqualTo(before);
  }

  @Test
  void aHandEditIsRevertedOrKeptPerTheDriftPolicy() {
    var a = connect("rg", "c1", null);
    var b = connect("rg2", "c2", null);
    String revert = assignment("rg", "revert");
    String keep = assignment("rg2", "keep");
    assertThat(admin.put(v(revert), body("baseline", "", TEMPLATE)).status()).isEqualTo(201);
    assertThat(admin.put(v(keep), body("baseline", "\"driftPolicy\":\"Keep\",", TEMPLATE)).status())
        .isEqualTo(201);
    a.awaitConfiguration("baseline").join();
    b.awaitConfiguration("baseline").join();
    String edit = "{\"properties\":{\"kustomizations\":{\"apps\":{\"path\":\"./hand-edit\"}}}}";
    assertThat(admin.patch(v(a.ref().fluxConfigurationId("baseline")), edit).status())
        .isEqualTo(202);
    assertThat(admin.patch(v(b.ref().fluxConfigurationId("baseline")), edit).status())
        .isEqualTo(202);
    awaitAt(
        a.ref().fluxConfigurationId("baseline"),
        "/properties/kustomizations/apps/path",
        "./clusters/c1");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(compliance(keep).path("drifted").asInt()).isEqualTo(1));
    assertThat(
            admin
                .get(v(b.ref().fluxConfigurationId("baseline")))
                .json()
                .at("/properties/kustomizations/apps/path")
                .asText())
        .isEqualTo("./hand-edit");
    assertThat(compliance(revert).path("drifted").asInt()).isZero();
  }

  @Test
  void aNewTemplateRevisionReachesEveryClusterAndDeletingTheAssignmentDeletesOnlyItsOwn() {
    var a = connect("rg", "c1", null);
    String path = assignment("rg", "a1");
    assertThat(admin.put(v(path), body("baseline", "", TEMPLATE)).status()).isEqualTo(201);
    long v1 = a.awaitConfiguration("baseline").join().path("version").asLong();
    var update = admin.put(v(path), body("baseline", "", TEMPLATE.replace("main", "release")));
    assertThat(update.status()).isEqualTo(200);
    assertThat(update.json().at("/properties/revision").asLong()).isEqualTo(2);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonNode c =
                  SimulatedFleet.configuration(a.api().get(a.desiredPath()).json(), "baseline");
              assertThat(c.path("version").asLong()).isGreaterThan(v1);
              assertThat(c.at("/properties/gitRepository/repositoryRef/branch").asText())
                  .isEqualTo("release");
            });
    // keepConfigurations: the configuration stays, no longer owned
    assertThat(admin.delete(v(path) + "&keepConfigurations=true").status()).isEqualTo(200);
    var kept = admin.get(v(a.ref().fluxConfigurationId("baseline")));
    assertThat(kept.json().path("managedBy").isMissingNode()).isTrue();
    // a second assignment adopts nothing; deleting it deletes its own only (it has none)
    assertThat(admin.put(v(path), body("baseline", "", TEMPLATE)).status()).isEqualTo(201);
    assertThat(admin.delete(v(path)).status()).isEqualTo(200);
    assertThat(
            admin
                .get(v(a.ref().fluxConfigurationId("baseline")))
                .json()
                .at("/properties/provisioningState")
                .asText())
        .isNotEqualTo("Deleting");

    // an owned one is deleted with its assignment (through the agent, as any delete)
    var b = connect("rg", "c2", null);
    String other = assignment("rg", "a2");
    assertThat(admin.put(v(other), body("second", "", TEMPLATE)).status()).isEqualTo(201);
    b.awaitConfiguration("second").join();
    assertThat(admin.delete(v(other)).status()).isEqualTo(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(35))
        .untilAsserted(
            () ->
                assertThat(
                        SimulatedFleet.configuration(b.api().get(b.desiredPath()).json(), "second")
                            .path("deleting")
                            .asBoolean())
                    .isTrue());
    assertThat(b.reportDeleted("second")).isEqualTo(204);
    assertThat(admin.get(v(b.ref().fluxConfigurationId("second"))).status()).isEqualTo(404);
  }

  @Test
  void badInputIsRefusedWithTheSingleConfigurationsMessages() {
    String path = assignment(null, "bad");
    var badUrl =
        admin.put(
            v(path),
            body("baseline", "", TEMPLATE.replace("https://github.com", "ftp://github.com")));
    assertThat(badUrl.status()).isEqualTo(400);
    var single =
        admin.put(
            v(connect("rg", "x", null).ref().fluxConfigurationId("baseline")),
            "{\"properties\":" + TEMPLATE.replace("https://github.com", "ftp://github.com") + "}");
    assertThat(badUrl.errorMessage()).isEqualTo(single.errorMessage());
    assertThat(badUrl.errorTarget()).isEqualTo("properties.template.gitRepository.url");

    var badName = admin.put(v(path), body("Bad_Name", "", TEMPLATE));
    badName.assertBadRequestAt("properties.configurationName");

    // a scope that matches nothing is allowed: 0 of 0
    String empty = assignment("rg-nothing", "empty");
    var none = admin.put(v(empty), body("baseline", "", TEMPLATE));
    assertThat(none.status()).isEqualTo(201);
    assertThat(none.json().at("/properties/compliance/total").asInt()).isZero();
    assertThat(none.json().at("/properties/compliance/compliant").asInt()).isZero();

    // overlapping: the subscription-wide one would write "baseline" on rg-nothing's clusters too
    var overlap = admin.put(v(assignment(null, "wide")), body("baseline", "", TEMPLATE));
    assertThat(overlap.status()).isEqualTo(409);
    assertThat(overlap.errorMessage()).contains(assignment(null, "wide")).contains(empty);
    // disjoint by tag value: allowed
    assertThat(
            admin
                .put(
                    v(assignment(null, "prod")),
                    body(
                        "other",
                        "\"clusterSelector\":{\"matchTags\":{\"env\":\"prod\"}},",
                        TEMPLATE))
                .status())
        .isEqualTo(201);
    assertThat(
            admin
                .put(
                    v(assignment("rg-nothing", "dev")),
                    body(
                        "other",
                        "\"clusterSelector\":{\"matchTags\":{\"env\":\"dev\"}},",
                        TEMPLATE))
                .status())
        .isEqualTo(201);
    var unknownField = admin.put(v(path), body("baseline", "\"colour\":\"red\",", TEMPLATE));
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(admin.get(v(assignment(null, "missing"))).status()).isEqualTo(404);
    assertThat(AgentApi.class).isNotNull();
  }
}
