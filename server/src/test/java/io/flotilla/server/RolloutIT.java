package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * Staged rollouts of an assignment over the REST API, with agents simulated at the protocol level
 * (each reports Compliant or Non-Compliant for the tag it was given) and a clock the test moves for
 * bake times.
 */
@OnEachTestDatabase
class RolloutIT {
  @Parameter String databaseUrl;

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));

  @RegisterExtension
  final ServiceHarness service = ServiceHarness.on(() -> databaseUrl).clock(clock);

  final Api admin = service.admin();

  final String sub = UUID.randomUUID().toString();

  /** canary: c1; ring 1: c2, c3 (tag ring=1); ring 2: c4, c5, c6 (tag ring=2). */
  final Map<String, SimulatedFleet.Agent> agents = new LinkedHashMap<>();

  /** Which cluster reports Non-Compliant for which tag ("*": every cluster). */
  final Map<String, Set<String>> failsOn = new LinkedHashMap<>();

  String path;

  @BeforeEach
  void start() {
    path =
        "/subscriptions/"
            + sub
            + "/resourceGroups/rg/providers/Microsoft.KubernetesConfiguration"
            + "/fluxConfigurationAssignments/fleet";
    connect("c1", "{\"ring\":\"0\"}");
    connect("c2", "{\"ring\":\"1\"}");
    connect("c3", "{\"ring\":\"1\"}");
    connect("c4", "{\"ring\":\"2\"}");
    connect("c5", "{\"ring\":\"2\"}");
    connect("c6", "{\"ring\":\"2\"}");
  }

  void connect(String name, String tags) {
    ClusterRef ref = new ClusterRef(sub, "rg", "Microsoft.Kubernetes", "connectedClusters", name);
    var put = admin.put(v(ref.resourceId()), "{\"location\":\"westeurope\",\"tags\":" + tags + "}");
    assertThat(put.status()).isEqualTo(201);
    JsonNode cred = admin.post(v(ref.resourceId() + "/issueAgentToken"), null).json();
    agents.put(
        name,
        new SimulatedFleet.Agent(
            cred.get("clusterId").asText(), admin.withToken(cred.get("token").asText()), ref));
  }

  /** The template's protected httpsKey (base64), null for none. */
  String secret;

  String template(String tag) {
    return """
        {%s"sourceKind":"GitRepository",
         "gitRepository":{"url":"https://github.com/Azure/arc-k8s-demo","repositoryRef":{"tag":"%s"}},
         "kustomizations":{"apps":{"path":"./clusters/${cluster.name}"}}}
        """
        .formatted(
            secret == null
                ? ""
                : "\"configurationProtectedSettings\":{\"httpsKey\":\"" + secret + "\"},",
            tag);
  }

  void putAssignment(String tag, int status) {
    var put =
        admin.put(
            v(path),
            """
            {"properties":{"configurationName":"app","rolloutMode":"Staged","template":%s}}
            """
                .formatted(template(tag)));
    assertThat(put.status()).as(put.body()).isEqualTo(status);
  }

  /** The agents keep reporting (as {@link #reportAll}) until {@code check} holds. */
  void untilReported(ThrowingRunnable check) {
    await()
        .untilAsserted(
            () -> {
              reportAll();
              check.run();
            });
  }

  /** Every agent fetches its desired state and reports it applied, as its cluster did. */
  void reportAll() {
    agents.forEach(
        (name, a) -> {
          JsonNode c = SimulatedFleet.configuration(a.api().get(a.desiredPath()).json(), "app");
          if (c != null) {
            String tag = c.at("/properties/gitRepository/repositoryRef/tag").asText();
            Set<String> bad = failsOn.getOrDefault(tag, Set.of());
            String compliance =
                bad.contains("*") || bad.contains(name) ? "Non-Compliant" : "Compliant";
            assertThat(a.report("app", c.path("version").asLong(), compliance)).isEqualTo(204);
          }
        });
  }

  /** Configuration "app" as a cluster's agent is told to apply it now (null: none). */
  JsonNode desired(String cluster) {
    var a = agents.get(cluster);
    return SimulatedFleet.configuration(a.api().get(a.desiredPath()).json(), "app");
  }

  /** The tag a cluster's agent is told to apply now. */
  String desiredTag(String cluster) {
    JsonNode c = desired(cluster);
    return c == null ? null : c.at("/properties/gitRepository/repositoryRef/tag").asText();
  }

  /** The protected httpsKey a cluster's agent is given now. */
  String desiredSecret(String cluster) {
    return desired(cluster).at("/properties/configurationProtectedSettings/httpsKey").asText(null);
  }

  /** Version 1 of the template (tag v1) on every cluster, reported Compliant. */
  void everyClusterOnV1() {
    putAssignment("v1", 201);
    untilReported(
        () -> {
          assertThat(agents.keySet()).allSatisfy(c -> assertThat(desiredTag(c)).isEqualTo("v1"));
          assertThat(admin.get(v(path)).json().at("/properties/compliance/compliant").asInt())
              .isEqualTo(6);
        });
  }

  static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
  }

  static final String THREE_WAVES =
      """
      {"properties":{%s"waves":[
        {"name":"canary","clusters":["c1"],"bakeTimeInSeconds":%d},
        {"name":"ring-1","clusterSelector":{"matchTags":{"ring":"1"}},"maxUnavailable":1,
         "bakeTimeInSeconds":%d},
        {"name":"ring-2","clusterSelector":{"matchTags":{"ring":"2"}},"maxUnavailable":"50%%",
         "bakeTimeInSeconds":0}]}}
      """;

  String rollout(String name) {
    return path + "/rollouts/" + name;
  }

  JsonNode status(String name) {
    var r = admin.get(v(rollout(name)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/properties/status");
  }

  static String waveState(JsonNode status, int wave) {
    return status.path("waves").get(wave).path("state").asText();
  }

  /** The dashboard's page of a resource, as the admin sees it. */
  String dashboardPage(String id) {
    return admin
        .get(
            "/dashboard/resource?id="
                + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8))
        .body();
  }

  /** Waits until the engine evaluated the rollout at or after the clock's current time. */
  void awaitEvaluatedNow(String name) {
    Instant now = clock.instant();
    await()
        .untilAsserted(
            () ->
                assertThat(Instant.parse(status(name).path("lastEvaluatedAt").asText()))
                    .isAfterOrEqualTo(now));
  }

  @Test
  void aBadCommitHaltsAfterTheFirstWaveAndLaterWavesKeepTheOldRevision() {
    everyClusterOnV1();
    failsOn.put("v2-bad", Set.of("*"));
    putAssignment("v2-bad", 200);
    var created = admin.put(v(rollout("bad")), THREE_WAVES.formatted("", 60, 60));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/properties/baseRevision").asLong()).isEqualTo(1);
    assertThat(created.json().at("/properties/targetRevision").asLong()).isEqualTo(2);

    untilReported(() -> assertThat(status("bad").path("state").asText()).isEqualTo("Halted"));
    JsonNode s = status("bad");
    assertThat(s.at("/failure/wave").asText()).isEqualTo("canary");
    assertThat(s.at("/failure/clusterId").asText()).isEqualTo(agents.get("c1").ref().resourceId());
    assertThat(s.at("/failure/complianceState").asText()).isEqualTo("Non-Compliant");
    assertThat(s.path("message").asText())
        .contains("Wave 'canary' failed")
        .contains(agents.get("c1").ref().resourceId())
        .contains("complianceState Non-Compliant");
    assertThat(waveState(s, 0)).isEqualTo("Failed");
    assertThat(waveState(s, 1)).isEqualTo("NotStarted");
    assertThat(waveState(s, 2)).isEqualTo("NotStarted");
    // waves 2 and 3 untouched: still told, written and reported on revision 1
    for (String c : new String[] {"c2", "c3", "c4", "c5", "c6"}) {
      assertThat(desiredTag(c)).as(c).isEqualTo("v1");
    }
    for (int w = 1; w <= 2; w++) {
      for (JsonNode c : s.path("waves").get(w).path("clusters")) {
        assertThat(c.path("revision").asLong()).isEqualTo(1);
        assertThat(c.path("desiredRevision").asLong()).isEqualTo(1);
      }
    }
    assertThat(desiredTag("c1")).isEqualTo("v2-bad");
    // the dashboard shows the same: state, failure, each wave and each cluster's revision
    String page = dashboardPage(rollout("bad"));
    assertThat(page)
        .contains("data-rollout-state><span class=\"badge bad\">Halted</span>")
        .contains("Wave 1: canary <span class=\"badge bad\">Failed</span>")
        .contains("Wave 2: ring-1 <span class=\"badge idle\">NotStarted</span>")
        .contains("<dt>Revision</dt><dd>1 → 2</dd>")
        .contains("href=\"/ui" + agents.get("c1").ref().resourceId() + "\"");
    String ring2 = page.substring(page.indexOf("Wave 3: ring-2"));
    assertThat(ring2).contains(">c4</a></td><td>1</td><td>1</td>");
    var shell = admin.withToken(null).get("/ui" + rollout("bad"));
    assertThat(shell.status()).isEqualTo(200);
    // the halted rollout is not resumed by time passing
    clock.advance(Duration.ofMinutes(5));
    reportAll();
    assertThat(status("bad").path("state").asText()).isEqualTo("Halted");

    // rolling back gives the canary the last good revision again
    var back = admin.post(v(rollout("bad") + "/rollback"), null);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(back.json().at("/properties/status/state").asText()).isEqualTo("RolledBack");
    untilReported(
        () -> {
          assertThat(desiredTag("c1")).isEqualTo("v1");
          assertThat(status("bad").at("/waves/0/clusters/0/revision").asLong()).isEqualTo(1);
        });
    assertThat(admin.get(v(path)).json().at("/properties/releasedRevision").asLong()).isEqualTo(1);
  }

  @Test
  void aGoodCommitCompletesEveryWaveInOrderWithTheBakeTimesHonoured() {
    everyClusterOnV1();
    putAssignment("v2", 200);
    var created = admin.put(v(rollout("good")), THREE_WAVES.formatted("", 300, 120));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/properties/status/currentWave").asText()).isEqualTo("canary");

    untilReported(() -> assertThat(waveState(status("good"), 0)).isEqualTo("Baking"));
    Instant bakeEnds = Instant.parse(status("good").at("/waves/0/bakeEndsAt").asText());
    // one second short of the bake: the next wave has not started
    clock.advance(Duration.between(clock.instant(), bakeEnds).minusSeconds(1));
    reportAll();
    awaitEvaluatedNow("good");
    assertThat(waveState(status("good"), 1)).isEqualTo("NotStarted");
    assertThat(desiredTag("c2")).isEqualTo("v1");
    assertThat(desiredTag("c3")).isEqualTo("v1");

    // the bake is over: ring 1 starts, one cluster at a time (maxUnavailable 1)
    clock.advance(Duration.ofSeconds(1));
    await().untilAsserted(() -> assertThat(waveState(status("good"), 1)).isEqualTo("Updating"));
    JsonNode s = status("good");
    assertThat(Instant.parse(s.at("/waves/1/startedAt").asText())).isAfterOrEqualTo(bakeEnds);
    assertThat(waveState(s, 0)).isEqualTo("Succeeded");
    long pinned = 0;
    for (JsonNode c : s.at("/waves/1/clusters")) {
      pinned += c.path("desiredRevision").asLong() == 2 ? 1 : 0;
    }
    assertThat(pinned).as("clusters of ring 1 moved before any reported").isEqualTo(1);
    assertThat(desiredTag("c4")).isEqualTo("v1");

    untilReported(() -> assertThat(waveState(status("good"), 1)).isEqualTo("Baking"));
    Instant ring1Ends = Instant.parse(status("good").at("/waves/1/bakeEndsAt").asText());
    reportAll();
    awaitEvaluatedNow("good");
    assertThat(waveState(status("good"), 2)).isEqualTo("NotStarted");
    clock.advance(Duration.between(clock.instant(), ring1Ends));
    untilReported(() -> assertThat(status("good").path("state").asText()).isEqualTo("Succeeded"));
    s = status("good");
    assertThat(Instant.parse(s.at("/waves/2/startedAt").asText())).isAfterOrEqualTo(ring1Ends);
    assertThat(s.path("message").asText()).contains("revision 2 is released");
    for (String c : agents.keySet()) {
      assertThat(desiredTag(c)).as(c).isEqualTo("v2");
    }
    JsonNode a = admin.get(v(path)).json();
    assertThat(a.at("/properties/releasedRevision").asLong()).isEqualTo(2);
    untilReported(
        () -> {
          assertThat(admin.get(v(path)).json().at("/properties/compliance/upToDate").asInt())
              .isEqualTo(6);
        });
  }

  @Test
  void aFailureInALaterWaveRollsTheFinishedWavesBackAutomatically() {
    everyClusterOnV1();
    failsOn.put("v2-flaky", Set.of("c2"));
    putAssignment("v2-flaky", 200);
    var created =
        admin.put(v(rollout("auto")), THREE_WAVES.formatted("\"rollbackOnFailure\":true,", 0, 0));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    untilReported(() -> assertThat(status("auto").path("state").asText()).isEqualTo("RolledBack"));
    JsonNode s = status("auto");
    assertThat(s.at("/failure/wave").asText()).isEqualTo("ring-1");
    assertThat(s.at("/failure/clusterId").asText()).isEqualTo(agents.get("c2").ref().resourceId());
    assertThat(waveState(s, 0)).isEqualTo("RolledBack");
    assertThat(waveState(s, 1)).isEqualTo("RolledBack");
    assertThat(waveState(s, 2)).isEqualTo("NotStarted");
    assertThat(s.path("message").asText()).contains("back to revision 1");
    untilReported(
        () -> {
          for (String c : agents.keySet()) {
            assertThat(desiredTag(c)).as(c).isEqualTo("v1");
          }
          JsonNode now = status("auto");
          for (int w = 0; w < 3; w++) {
            for (JsonNode c : now.path("waves").get(w).path("clusters")) {
              assertThat(c.path("revision").asLong()).as(c.toString()).isEqualTo(1);
            }
          }
        });
  }

  @Test
  void protectedSettingsRollOutWithTheirRevisionAndRollBackWithIt() {
    String one = "b25l"; // "one"
    String two = "dHdv"; // "two"
    secret = one;
    everyClusterOnV1();
    assertThat(agents.keySet()).allSatisfy(c -> assertThat(desiredSecret(c)).isEqualTo(one));
    secret = two;
    failsOn.put("v2", Set.of("c2"));
    putAssignment("v2", 200);
    // a Staged PUT changes no cluster's settings: they come with the revision
    reportAll();
    assertThat(agents.keySet()).allSatisfy(c -> assertThat(desiredSecret(c)).isEqualTo(one));
    assertThat(admin.put(v(rollout("s")), THREE_WAVES.formatted("", 0, 0)).status()).isEqualTo(201);
    untilReported(() -> assertThat(status("s").path("state").asText()).isEqualTo("Halted"));
    // the canary and c2 (pinned in ring 1) have revision 2's settings; ring 2 keeps revision 1's
    assertThat(desiredSecret("c1")).isEqualTo(two);
    assertThat(desiredSecret("c2")).isEqualTo(two);
    for (String c : new String[] {"c4", "c5", "c6"}) {
      assertThat(desiredSecret(c)).as(c).isEqualTo(one);
    }
    // settings are write-only: neither GET shows them
    assertThat(admin.get(v(path)).body()).doesNotContain(one).doesNotContain(two);
    assertThat(admin.get(v(rollout("s"))).body()).doesNotContain(one).doesNotContain(two);

    assertThat(admin.post(v(rollout("s") + "/rollback"), null).status()).isEqualTo(200);
    untilReported(
        () -> {
          assertThat(agents.keySet())
              .allSatisfy(c -> assertThat(desiredSecret(c)).as(c).isEqualTo(one));
        });
  }

  @Test
  void pauseResumeAndAbort() {
    everyClusterOnV1();
    putAssignment("v2", 200);
    assertThat(admin.put(v(rollout("p")), THREE_WAVES.formatted("", 300, 300)).status())
        .isEqualTo(201);
    untilReported(() -> assertThat(waveState(status("p"), 0)).isEqualTo("Baking"));
    Instant bakeEndsBeforePause = Instant.parse(status("p").at("/waves/0/bakeEndsAt").asText());
    long leftAtPause = Duration.between(clock.instant(), bakeEndsBeforePause).toSeconds();
    var paused = admin.post(v(rollout("p") + "/pause"), null);
    assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    assertThat(paused.json().at("/properties/status/state").asText()).isEqualTo("Paused");
    // a second rollout of the same assignment waits for this one
    var second = admin.put(v(rollout("q")), THREE_WAVES.formatted("", 0, 0));
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.errorMessage()).contains(rollout("p")).contains("Paused");
    assertThat(paused.json().at("/properties/status/pausedAt").asText())
        .isEqualTo(clock.instant().toString());
    // paused: the bake clock stands still, so the bake's end passing starts nothing
    clock.advance(Duration.ofSeconds(301));
    reportAll();
    JsonNode held = status("p");
    assertThat(held.path("state").asText()).isEqualTo("Paused");
    assertThat(waveState(held, 0)).isEqualTo("Baking");
    assertThat(held.at("/waves/0/bakeEndsAt").isMissingNode()).isTrue();
    assertThat(held.at("/waves/0/bakeRemainingInSeconds").asLong()).isEqualTo(leftAtPause);
    assertThat(waveState(held, 1)).isEqualTo("NotStarted");
    assertThat(desiredTag("c2")).isEqualTo("v1");
    var resumed = admin.post(v(rollout("p") + "/resume"), null);
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
    JsonNode running = resumed.json().at("/properties/status");
    assertThat(running.path("state").asText()).isEqualTo("Running");
    assertThat(running.has("pausedAt")).isFalse();
    // the bake goes on for what it had left: its end moved by the length of the pause
    assertThat(running.path("currentWave").asText()).isEqualTo("canary");
    assertThat(waveState(running, 0)).isEqualTo("Baking");
    Instant bakeEnds = Instant.parse(running.at("/waves/0/bakeEndsAt").asText());
    assertThat(bakeEnds).isEqualTo(bakeEndsBeforePause.plusSeconds(301));
    assertThat(running.at("/waves/0/bakeRemainingInSeconds").asLong()).isEqualTo(leftAtPause);
    clock.advance(Duration.between(clock.instant(), bakeEnds).minusSeconds(1));
    reportAll();
    awaitEvaluatedNow("p");
    assertThat(waveState(status("p"), 1)).isEqualTo("NotStarted");
    assertThat(desiredTag("c2")).isEqualTo("v1");
    clock.advance(Duration.ofSeconds(1));
    await()
        .untilAsserted(
            () -> {
              JsonNode s = status("p");
              assertThat(s.path("currentWave").asText()).isEqualTo("ring-1");
              assertThat(waveState(s, 1)).isEqualTo("Updating");
            });

    var aborted = admin.post(v(rollout("p") + "/abort"), null);
    assertThat(aborted.status()).isEqualTo(200);
    assertThat(aborted.json().at("/properties/status/state").asText()).isEqualTo("Aborted");
    var again = admin.post(v(rollout("p") + "/resume"), null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorMessage())
        .isEqualTo("The rollout is Aborted; 'resume' applies only to a rollout that is Paused.");
    assertThat(admin.post(v(rollout("p") + "/explode"), null).status()).isEqualTo(404);
    // aborted: clusters keep what they have; the canary stays on revision 2, ring 2 on 1
    assertThat(desiredTag("c1")).isEqualTo("v2");
    assertThat(desiredTag("c4")).isEqualTo("v1");
    assertThat(admin.get(v(path + "/rollouts")).json().path("value")).hasSize(1);

    // a new rollout, overtaken by a PUT that releases at once: it ends, saying why
    putAssignment("v3", 200);
    assertThat(admin.put(v(rollout("r")), THREE_WAVES.formatted("", 300, 300)).status())
        .isEqualTo(201);
    var immediate =
        admin.put(
            v(path),
            """
            {"properties":{"configurationName":"app","rolloutMode":"Immediate","template":%s}}
            """
                .formatted(template("v4")));
    assertThat(immediate.status()).as(immediate.body()).isEqualTo(200);
    await()
        .untilAsserted(
            () -> {
              JsonNode overtaken = status("r");
              assertThat(overtaken.path("state").asText()).isEqualTo("Aborted");
              assertThat(overtaken.path("message").asText())
                  .contains("released revision 4 to every cluster itself");
              assertThat(desiredTag("c4")).isEqualTo("v4");
            });
  }

  // --- rollouts of a plain configuration change (fluxConfigurationRollouts) ---

  String configuration(String cluster) {
    return agents.get(cluster).ref().resourceId()
        + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/app";
  }

  String configurationRollout(String name) {
    return "/subscriptions/"
        + sub
        + "/resourceGroups/rg/providers/Microsoft.KubernetesConfiguration"
        + "/fluxConfigurationRollouts/"
        + name;
  }

  JsonNode configurationStatus(String name) {
    var r = admin.get(v(configurationRollout(name)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/properties/status");
  }

  /** Configuration "app" made by hand on every cluster with tag v1, reported Compliant. */
  void everyClusterHasItsOwnConfigurationOnV1() {
    for (String c : agents.keySet()) {
      var put =
          admin.put(
              v(configuration(c)),
              "{\"properties\":" + template("v1").replace("${cluster.name}", c) + "}");
      assertThat(put.status()).as(put.body()).isEqualTo(201);
    }
    untilReported(
        () -> {
          for (String c : agents.keySet()) {
            assertThat(
                    admin
                        .get(v(configuration(c)))
                        .json()
                        .at("/properties/complianceState")
                        .asText())
                .as(c)
                .isEqualTo("Compliant");
          }
        });
  }

  static String patchTo(String tag) {
    return "\"configurationName\":\"app\",\"patch\":{\"gitRepository\":{\"repositoryRef\":{\"tag\":\""
        + tag
        + "\"}}},";
  }

  @Test
  void aConfigurationChangeOfABadCommitHaltsAfterTheFirstWave() {
    everyClusterHasItsOwnConfigurationOnV1();
    failsOn.put("v2-bad", Set.of("*"));
    var created =
        admin.put(v(configurationRollout("bad")), THREE_WAVES.formatted(patchTo("v2-bad"), 60, 60));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("type").asText())
        .isEqualTo("Microsoft.KubernetesConfiguration/fluxConfigurationRollouts");
    assertThat(created.json().at("/properties/configurationName").asText()).isEqualTo("app");
    untilReported(
        () -> assertThat(configurationStatus("bad").path("state").asText()).isEqualTo("Halted"));
    JsonNode s = configurationStatus("bad");
    assertThat(s.at("/failure/wave").asText()).isEqualTo("canary");
    assertThat(s.at("/failure/clusterId").asText()).isEqualTo(agents.get("c1").ref().resourceId());
    assertThat(waveState(s, 1)).isEqualTo("NotStarted");
    assertThat(waveState(s, 2)).isEqualTo("NotStarted");
    assertThat(desiredTag("c1")).isEqualTo("v2-bad");
    for (String c : new String[] {"c2", "c3", "c4", "c5", "c6"}) {
      assertThat(desiredTag(c)).as(c).isEqualTo("v1");
    }
    // rollback gives the canary its properties from before the rollout
    var back = admin.post(v(configurationRollout("bad") + "/rollback"), null);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    untilReported(() -> assertThat(desiredTag("c1")).isEqualTo("v1"));
    assertThat(admin.get(v(configurationRollout("bad")).replace("/bad?", "?")).json().path("value"))
        .hasSize(1);
  }

  @Test
  void aConfigurationChangeOfAGoodCommitCompletesEveryWaveInOrderWithTheBakeHonoured() {
    everyClusterHasItsOwnConfigurationOnV1();
    var created =
        admin.put(v(configurationRollout("good")), THREE_WAVES.formatted(patchTo("v2"), 300, 120));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    untilReported(() -> assertThat(waveState(configurationStatus("good"), 0)).isEqualTo("Baking"));
    Instant bakeEnds =
        Instant.parse(configurationStatus("good").at("/waves/0/bakeEndsAt").asText());
    clock.advance(Duration.between(clock.instant(), bakeEnds).minusSeconds(1));
    reportAll();
    Instant now = clock.instant();
    await()
        .untilAsserted(
            () ->
                assertThat(
                        Instant.parse(configurationStatus("good").path("lastEvaluatedAt").asText()))
                    .isAfterOrEqualTo(now));
    assertThat(waveState(configurationStatus("good"), 1)).isEqualTo("NotStarted");
    assertThat(desiredTag("c2")).isEqualTo("v1");
    clock.advance(Duration.ofSeconds(1));
    await()
        .untilAsserted(
            () -> assertThat(waveState(configurationStatus("good"), 1)).isEqualTo("Updating"));
    assertThat(desiredTag("c4")).isEqualTo("v1");
    untilReported(() -> assertThat(waveState(configurationStatus("good"), 1)).isEqualTo("Baking"));
    Instant ring1Ends =
        Instant.parse(configurationStatus("good").at("/waves/1/bakeEndsAt").asText());
    clock.advance(Duration.between(clock.instant(), ring1Ends));
    untilReported(
        () ->
            assertThat(configurationStatus("good").path("state").asText()).isEqualTo("Succeeded"));
    JsonNode s = configurationStatus("good");
    assertThat(Instant.parse(s.at("/waves/2/startedAt").asText())).isAfterOrEqualTo(ring1Ends);
    for (String c : agents.keySet()) {
      assertThat(desiredTag(c)).as(c).isEqualTo("v2");
    }
  }

  @Test
  void badConfigurationRolloutsAreRefusedNamingTheFieldAndNothingIsWritten() {
    everyClusterHasItsOwnConfigurationOnV1();
    String wave = "\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\"]}]";
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put(
        "{\"patch\":{\"suspend\":true}," + wave + "}",
        new String[] {"properties.configurationName", "configurationName is required"});
    cases.put(
        "{\"configurationName\":\"app\"," + wave + "}",
        new String[] {"properties.patch", "patch is required"});
    cases.put(
        "{\"configurationName\":\"app\",\"patch\":{\"namespace\":\"x\"}," + wave + "}",
        new String[] {"properties.patch.namespace", "cannot be changed"});
    cases.put(
        "{\"configurationName\":\"app\",\"patch\":{\"gitRepository\":{\"url\":\"nope\"}},"
            + wave
            + "}",
        new String[] {"properties.patch", "The patch makes configuration 'app' of cluster"});
    cases.put(
        "{" + patchTo("v2") + "\"waves\":[{\"name\":\"a\",\"clusters\":[\"c9\"]}]}",
        new String[] {"properties.waves[0].clusters[0]", "Cluster 'c9' of wave 'a'"});
    cases.put(
        "{" + patchTo("v2") + "\"waves\":[]}", new String[] {"properties.waves", "at least one"});
    cases.put(
        "{" + patchTo("v2") + "\"targetRevision\":2," + wave + "}",
        new String[] {"properties.targetRevision", "no targetRevision"});
    assertEachRefused(configurationRollout("x"), cases);
    assertThat(admin.get(v(configurationRollout("x"))).status()).isEqualTo(404);
    for (String c : agents.keySet()) {
      assertThat(desiredTag(c)).as(c).isEqualTo("v1");
    }
  }

  String configurationRolloutOf(String tag, String waves) {
    return "{\"properties\":{" + patchTo(tag) + "\"waves\":[" + waves + "]}}";
  }

  @Test
  void aSecondRolloutOfTheSameConfigurationOnTheSameClustersIsRefusedWhileTheFirstRuns() {
    everyClusterHasItsOwnConfigurationOnV1();
    var first =
        admin.put(
            v(configurationRollout("first")),
            configurationRolloutOf(
                "v2",
                "{\"name\":\"canary\",\"clusters\":[\"c1\"],\"bakeTimeInSeconds\":600},"
                    + "{\"name\":\"ring-2\",\"clusterSelector\":{\"matchTags\":{\"ring\":\"2\"}}}"));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    String onC5 = configurationRolloutOf("v3", "{\"name\":\"a\",\"clusters\":[\"c5\"]}");
    var second = admin.put(v(configurationRollout("second")), onC5);
    assertThat(second.status()).as(second.body()).isEqualTo(409);
    assertThat(second.json().at("/error/code").asText()).isEqualTo("RolloutInProgress");
    assertThat(second.errorMessage())
        .contains(
            "Rollout '"
                + configurationRollout("first")
                + "' of configuration 'app' is Running on cluster '"
                + agents.get("c5").ref().resourceId()
                + "'")
        .contains("rollout '" + configurationRollout("second") + "'");
    assertThat(admin.get(v(configurationRollout("second"))).status()).isEqualTo(404);
    assertThat(desiredTag("c5")).isEqualTo("v1");
    // clusters the first does not take are free
    var other =
        admin.put(
            v(configurationRollout("other")),
            configurationRolloutOf("v3", "{\"name\":\"a\",\"clusters\":[\"c2\"]}"));
    assertThat(other.status()).as(other.body()).isEqualTo(201);
    // a paused rollout still holds its clusters; an aborted one no longer does
    assertThat(admin.post(v(configurationRollout("first") + "/pause"), null).status())
        .isEqualTo(200);
    var paused = admin.put(v(configurationRollout("second")), onC5);
    assertThat(paused.status()).isEqualTo(409);
    assertThat(paused.errorMessage()).contains("' of configuration 'app' is Paused on cluster '");
    assertThat(admin.post(v(configurationRollout("first") + "/abort"), null).status())
        .isEqualTo(200);
    var after = admin.put(v(configurationRollout("second")), onC5);
    assertThat(after.status()).as(after.body()).isEqualTo(201);
  }

  @Test
  void aConfigurationRolloutNeverTakesAnAssignmentsConfiguration() {
    everyClusterHasItsOwnConfigurationOnV1();
    connect("c7", "{\"ring\":\"2\"}");
    putAssignment("v1", 201); // owns "app" on c7 only: c1 to c6 hold their own
    await().untilAsserted(() -> assertThat(desiredTag("c7")).isEqualTo("v1"));
    var named =
        admin.put(
            v(configurationRollout("x")),
            configurationRolloutOf("v2", "{\"name\":\"a\",\"clusters\":[\"c7\"]}"));
    assertThat(named.status()).as(named.body()).isEqualTo(400);
    assertThat(named.errorTarget()).isEqualTo("properties.waves[0].clusters[0]");
    var byTags =
        admin.put(
            v(configurationRollout("x")),
            configurationRolloutOf(
                "v2",
                "{\"name\":\"ring-2\",\"clusterSelector\":{\"matchTags\":{\"ring\":\"2\"}},"
                    + "\"maxUnavailable\":\"100%\"}"));
    assertThat(byTags.status()).as(byTags.body()).isEqualTo(201);
    assertThat(
            byTags.json().at("/properties/status/waves/0/clusters").findValuesAsText("clusterId"))
        .containsExactlyInAnyOrder(
            agents.get("c4").ref().resourceId(),
            agents.get("c5").ref().resourceId(),
            agents.get("c6").ref().resourceId());
    untilReported(
        () -> assertThat(configurationStatus("x").path("state").asText()).isEqualTo("Succeeded"));
    assertThat(desiredTag("c4")).isEqualTo("v2");
    assertThat(desiredTag("c7")).isEqualTo("v1");
  }

  /**
   * Two waves: a canary of {@code canary} (all at once) baking 10 minutes, then ring 2 (all at
   * once) baking {@code ringTwoBake} seconds.
   */
  static String canaryThenRingTwo(long ringTwoBake, String... canary) {
    return "{\"name\":\"canary\",\"clusters\":[\""
        + String.join("\",\"", canary)
        + "\"],\"maxUnavailable\":\"100%\",\"bakeTimeInSeconds\":600},"
        + "{\"name\":\"ring-2\",\"clusterSelector\":{\"matchTags\":{\"ring\":\"2\"}},"
        + "\"maxUnavailable\":\"100%\",\"bakeTimeInSeconds\":"
        + ringTwoBake
        + "}";
  }

  /**
   * Rollout {@code name} of tag v2 over every cluster's own "app": a canary of {@code canary}, then
   * ring 2; returns once the canary bakes.
   */
  void startAndBakeTheCanary(String name, String... canary) {
    startAndBake(name, configurationRolloutOf("v2", canaryThenRingTwo(0, canary)));
  }

  /** Creates configuration rollout {@code name} of {@code body}; returns once wave 1 bakes. */
  void startAndBake(String name, String body) {
    var created = admin.put(v(configurationRollout(name)), body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    untilReported(() -> assertThat(waveState(configurationStatus(name), 0)).isEqualTo("Baking"));
  }

  @Test
  void aConfigurationDeletedDuringTheRolloutDropsOutOfItsWaveAndIsNotCreatedAgain() {
    everyClusterHasItsOwnConfigurationOnV1();
    startAndBakeTheCanary("d", "c1");
    var deleted = admin.delete(v(configuration("c4")));
    assertThat(deleted.status()).as(deleted.body()).isBetween(200, 204);
    clock.advance(Duration.ofSeconds(600));
    untilReported(
        () -> assertThat(configurationStatus("d").path("state").asText()).isEqualTo("Succeeded"));
    JsonNode ring2 = configurationStatus("d").at("/waves/1/clusters");
    assertThat(ring2).hasSize(3);
    String c4Id = agents.get("c4").ref().resourceId();
    for (JsonNode c : ring2) {
      assertThat(c.path("health").asText())
          .as(c.path("clusterId").asText())
          .isEqualTo(c.path("clusterId").asText().equals(c4Id) ? "LeftScope" : "HEALTHY");
    }
    var c4 = admin.get(v(configuration("c4")));
    if (c4.status() != 404) {
      assertThat(c4.json().at("/properties/provisioningState").asText()).isEqualTo("Deleting");
    }
    assertThat(desiredTag("c5")).isEqualTo("v2");
  }

  @Test
  void aRollbackKeepsAConfigurationChangedByHandDuringTheRolloutAndSaysSo() {
    everyClusterHasItsOwnConfigurationOnV1();
    startAndBakeTheCanary("r", "c1", "c2");
    // someone fixes c1 by hand while the canary bakes
    handEdit("c1", "{\"gitRepository\":{\"repositoryRef\":{\"tag\":\"v1-hotfix\"}}}");
    var back = admin.post(v(configurationRollout("r") + "/rollback"), null);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    JsonNode s = back.json().at("/properties/status");
    assertThat(s.path("state").asText()).isEqualTo("RolledBack");
    assertThat(s.path("message").asText()).contains("Left 1 cluster(s) as they are");
    JsonNode c1 = s.at("/waves/0/clusters/0");
    assertThat(c1.path("clusterId").asText()).isEqualTo(agents.get("c1").ref().resourceId());
    assertThat(c1.path("rollbackSkipped").asText())
        .contains("Configuration 'app' was changed by")
        .contains("after this rollout wrote it (ETag");
    assertThat(s.at("/waves/0/clusters/1").has("rollbackSkipped")).isFalse();
    untilReported(() -> assertThat(desiredTag("c2")).isEqualTo("v1"));
    assertThat(desiredTag("c1")).isEqualTo("v1-hotfix");
    assertThat(configurationStatus("r").at("/waves/0/clusters/0/rollbackSkipped").asText())
        .isEqualTo(c1.path("rollbackSkipped").asText());
    // the dashboard's page of a configuration rollout shows the same
    String page = dashboardPage(configurationRollout("r"));
    assertThat(page)
        .contains("configuration rollouts</nav>")
        .contains("data-rollout-state><span class=\"badge bad\">RolledBack</span>")
        .contains("<dd data-configuration>app, patch ")
        .contains("<dt>Revision</dt><dd>1 → 2</dd>")
        .contains("Wave 1: canary <span class=\"badge bad\">RolledBack</span>")
        .contains("Wave 2: ring-2 <span class=\"badge idle\">NotStarted</span>")
        .contains("<td data-rollback-skipped>skipped: Configuration ")
        .contains("href=\"/ui" + agents.get("c1").ref().resourceId() + "\"");
    assertThat(admin.withToken(null).get("/ui" + configurationRollout("r")).status())
        .isEqualTo(200);
  }

  /** A PATCH of a cluster's "app" by hand, as a user (or the dashboard) would make it. */
  void handEdit(String cluster, String properties) {
    var edit = admin.patch(v(configuration(cluster)), "{\"properties\":" + properties + "}");
    assertThat(edit.status()).as(edit.body()).isBetween(200, 202);
  }

  /** A cluster's "app" as the ARM API shows it now. */
  JsonNode properties(String cluster) {
    return admin.get(v(configuration(cluster))).json().path("properties");
  }

  /** A cluster's entry in the status of configuration rollout {@code name}. */
  JsonNode clusterStatus(String name, String cluster) {
    String id = agents.get(cluster).ref().resourceId();
    for (JsonNode w : configurationStatus(name).path("waves")) {
      for (JsonNode c : w.path("clusters")) {
        if (c.path("clusterId").asText().equals(id)) {
          return c;
        }
      }
    }
    throw new AssertionError("No cluster " + id + " in rollout " + name);
  }

  /** Lets the canary's bake end and waits until wave 2 reaches {@code state}. */
  void finishTheCanaryUntilRingTwoIs(String name, String state) {
    clock.advance(Duration.ofSeconds(600));
    untilReported(
        () -> {
          JsonNode s = configurationStatus(name);
          assertThat(s.path("state").asText() + "/" + waveState(s, 1)).isEqualTo(state);
        });
  }

  @Test
  void aHandEditMadeBeforeItsWaveSurvivesTheWaveAndARollbackRestoresIt() {
    everyClusterHasItsOwnConfigurationOnV1();
    startAndBake("e", configurationRolloutOf("v2", canaryThenRingTwo(600, "c1")));
    String handKey = "aGFuZA=="; // "hand"
    handEdit(
        "c4",
        "{\"kustomizations\":{\"apps\":{\"path\":\"./hotfix/c4\"}},"
            + "\"gitRepository\":{\"syncIntervalInSeconds\":120},"
            + "\"configurationProtectedSettings\":{\"httpsKey\":\""
            + handKey
            + "\"}}");
    assertThat(clusterStatus("e", "c4").has("rebased")).isFalse(); // its wave has not started
    finishTheCanaryUntilRingTwoIs("e", "Running/Baking");
    // the patch landed on c4 as it was just before its wave: the hand edit is still there
    JsonNode c4 = properties("c4");
    assertThat(c4.at("/gitRepository/repositoryRef/tag").asText())
        .as("c4 %s in %s", c4, configurationStatus("e"))
        .isEqualTo("v2");
    assertThat(c4.at("/kustomizations/apps/path").asText()).isEqualTo("./hotfix/c4");
    assertThat(c4.at("/gitRepository/syncIntervalInSeconds").asLong()).isEqualTo(120);
    assertThat(desiredSecret("c4")).isEqualTo(handKey);
    assertThat(clusterStatus("e", "c4").path("rebased").asText())
        .startsWith(
            "Configuration 'app' was changed after this rollout was created"
                + " (gitRepository.syncIntervalInSeconds, kustomizations.apps.path; last by ")
        .contains("the wave applied the patch to it as it was, so that change is kept")
        .doesNotContain("The patch sets");
    for (String unchanged : new String[] {"c1", "c5", "c6"}) {
      assertThat(clusterStatus("e", unchanged).has("rebased")).as(unchanged).isFalse();
    }
    assertThat(properties("c5").at("/kustomizations/apps/path").asText())
        .isEqualTo("./clusters/c5");
    assertThat(admin.get(v(configurationRollout("e"))).body()).doesNotContain(handKey);
    assertThat(dashboardPage(configurationRollout("e")))
        .contains("<td data-rebased>Configuration &#39;app&#39; was changed after this rollout");
    // a rollback restores what c4 had just before its wave, hand edit included
    var back = admin.post(v(configurationRollout("e") + "/rollback"), null);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(back.json().at("/properties/status/message").asText()).doesNotContain("Left");
    assertThat(clusterStatus("e", "c4").has("rollbackSkipped")).isFalse();
    untilReported(
        () -> {
          assertThat(agents.keySet())
              .allSatisfy(c -> assertThat(desiredTag(c)).as(c).isEqualTo("v1"));
        });
    c4 = properties("c4");
    assertThat(c4.at("/kustomizations/apps/path").asText()).isEqualTo("./hotfix/c4");
    assertThat(c4.at("/gitRepository/syncIntervalInSeconds").asLong()).isEqualTo(120);
    assertThat(desiredSecret("c4")).isEqualTo(handKey);
    assertThat(properties("c1").at("/kustomizations/apps/path").asText())
        .isEqualTo("./clusters/c1");
  }

  @Test
  void aHandEditOfAFieldThePatchSetsTooGetsThePatchsValueAndIsReported() {
    everyClusterHasItsOwnConfigurationOnV1();
    startAndBakeTheCanary("o", "c1");
    handEdit(
        "c5",
        "{\"gitRepository\":{\"repositoryRef\":{\"tag\":\"v1-hotfix\"}},"
            + "\"kustomizations\":{\"apps\":{\"path\":\"./hotfix/c5\"}}}");
    finishTheCanaryUntilRingTwoIs("o", "Succeeded/Succeeded");
    JsonNode c5 = properties("c5");
    assertThat(c5.at("/gitRepository/repositoryRef/tag").asText()).isEqualTo("v2");
    assertThat(c5.at("/kustomizations/apps/path").asText()).isEqualTo("./hotfix/c5");
    assertThat(clusterStatus("o", "c5").path("rebased").asText())
        .contains("(gitRepository.repositoryRef.tag, kustomizations.apps.path; last by ")
        .endsWith(
            " The patch sets gitRepository.repositoryRef.tag too: there the patch's value"
                + " replaced the change.");
    assertThat(clusterStatus("o", "c4").has("rebased")).isFalse();
  }

  @Test
  void aHandEditThePatchMakesInvalidFailsItsWaveAndIsLeftAsItIs() {
    everyClusterHasItsOwnConfigurationOnV1();
    // drops kustomization "infra", which no cluster has when the rollout is created
    startAndBake(
        "i",
        "{\"properties\":{\"configurationName\":\"app\",\"patch\":{\"gitRepository\":"
            + "{\"repositoryRef\":{\"tag\":\"v2\"}},\"kustomizations\":{\"infra\":null}},"
            + "\"waves\":["
            + canaryThenRingTwo(0, "c1")
            + "]}}");
    handEdit(
        "c4",
        "{\"kustomizations\":{\"infra\":{\"path\":\"./infra\"},"
            + "\"apps\":{\"dependsOn\":[\"infra\"]}}}");
    finishTheCanaryUntilRingTwoIs("i", "Halted/Failed");
    JsonNode s = configurationStatus("i");
    assertThat(s.at("/failure/clusterId").asText()).isEqualTo(agents.get("c4").ref().resourceId());
    assertThat(s.at("/failure/message").asText())
        .contains("could not be given revision 2: Configuration 'app' was changed after this")
        .contains("the patch makes it invalid: ")
        .contains("The wave left it as it is.");
    assertThat(clusterStatus("i", "c4").path("rebased").asText())
        .contains("the patch makes it invalid");
    JsonNode c4 = properties("c4");
    assertThat(c4.at("/gitRepository/repositoryRef/tag").asText()).isEqualTo("v1");
    assertThat(c4.at("/kustomizations/infra/path").asText()).isEqualTo("./infra");
  }

  @Test
  void badRolloutsAreRefusedNamingTheFieldAndNothingIsWritten() {
    everyClusterOnV1();
    // nothing to roll out yet: revision 1 is released
    var nothing = admin.put(v(rollout("x")), THREE_WAVES.formatted("", 0, 0));
    nothing.assertBadRequestAt("properties.targetRevision");
    assertThat(nothing.errorMessage()).contains("already released").contains("PUT the assignment");
    putAssignment("v2", 200);
    String c1 = agents.get("c1").ref().resourceId();
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put(
        "{\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\"]},{\"name\":\"empty\",\"clusters\":[]}]}",
        new String[] {"properties.waves[1]", "Wave 'empty' is empty"});
    cases.put(
        "{\"waves\":[{\"name\":\"none\",\"clusterSelector\":{\"matchTags\":{\"ring\":\"9\"}}}]}",
        new String[] {"properties.waves[0]", "Wave 'none' is empty"});
    cases.put(
        "{\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\",\"nope\"]}]}",
        new String[] {
          "properties.waves[0].clusters[1]", "Cluster 'nope' of wave 'a' is not one of the clusters"
        });
    cases.put(
        "{\"waves\":[{\"name\":\"a\",\"clusters\":[\""
            + c1
            + "\"]},{\"name\":\"b\",\"clusterSelector\":{\"matchTags\":{\"ring\":\"0\"}}}]}",
        new String[] {
          "properties.waves[1]", "Cluster '" + c1 + "' is in wave 'a' and in wave 'b'"
        });
    cases.put(
        "{\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\"],\"bakeTimeInSeconds\":-5}]}",
        new String[] {"properties.waves[0].bakeTimeInSeconds", "bakeTimeInSeconds of wave 'a'"});
    cases.put(
        "{\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\"],\"maxUnavailable\":0}]}",
        new String[] {"properties.waves[0].maxUnavailable", "maxUnavailable of wave 'a'"});
    cases.put(
        "{\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\"],\"maxUnavailable\":\"150%\"}]}",
        new String[] {"properties.waves[0].maxUnavailable", "from 1% to 100%"});
    cases.put(
        "{\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\"],"
            + "\"clusterSelector\":{\"matchTags\":{\"ring\":\"0\"}}}]}",
        new String[] {"properties.waves[0]", "not both"});
    cases.put("{\"waves\":[]}", new String[] {"properties.waves", "at least one wave"});
    cases.put(
        "{\"targetRevision\":7,\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\"]}]}",
        new String[] {"properties.targetRevision", "has revisions 1 to 2"});
    cases.put(
        "{\"waves\":[{\"name\":\"Bad_Name\",\"clusters\":[\"c1\"]}]}",
        new String[] {"properties.waves[0].name", "The wave name 'Bad_Name' is invalid"});
    cases.put(
        "{\"waves\":[{\"name\":\"a\",\"clusters\":[\"c1\"],\"bake\":5}]}",
        new String[] {"properties.waves[0].bake", "properties.waves[0].bake"});
    assertEachRefused(rollout("x"), cases);
    // nothing written: no rollout, and no cluster moved off revision 1
    assertThat(admin.get(v(path + "/rollouts")).json().path("value")).isEmpty();
    assertThat(admin.get(v(rollout("x"))).status()).isEqualTo(404);
    for (String c : agents.keySet()) {
      assertThat(desiredTag(c)).as(c).isEqualTo("v1");
    }
    var unknownAssignment =
        admin.put(
            v(path.replace("/fleet", "/missing") + "/rollouts/x"),
            "{\"properties\":{\"waves\":[{\"clusters\":[\"c1\"]}]}}");
    assertThat(unknownAssignment.status()).isEqualTo(404);
    assertThat(unknownAssignment.errorMessage()).contains("'missing' was not found");
  }

  /**
   * Each body of {@code cases}, PUT as the properties of {@code path}, is refused with 400, the
   * error naming the case's target (its first string) with a message containing its second.
   */
  private void assertEachRefused(String path, Map<String, String[]> cases) {
    cases.forEach(
        (body, expected) -> {
          var r = admin.put(v(path), "{\"properties\":" + body + "}");
          assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
          assertThat(r.errorTarget()).as(body).isEqualTo(expected[0]);
          assertThat(r.errorMessage()).as(body).contains(expected[1]);
        });
  }
}
