package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.store.Database;
import io.flotilla.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * A cluster whose agent stops heartbeating: its configurations stop claiming compliance, the
 * connected cluster shows Offline, and both come back with the next heartbeat — on the replica the
 * agent talks to and on another one sharing the database.
 */
@OnEachTestDatabase
class StaleClusterIT {
  static final Duration OFFLINE_AFTER = Duration.ofMinutes(2);
  static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

  @Parameter String databaseUrl;

  @TempDir Path dirA;
  @TempDir Path dirB;
  final MutableClock clock = new MutableClock(START);
  final List<ConfigurationServer> servers = new ArrayList<>();
  final String sub = UUID.randomUUID().toString();
  String clusterPath;
  String config;
  ConfigurationServer a;
  Api admin;
  SimulatedFleet.Agent agent;

  @BeforeEach
  void start() {
    String db = databaseUrl != null ? databaseUrl : Database.h2Url(dirA);
    a = start(dirA, db);
    admin = new Api(a.url(), a.adminToken());
    clusterPath = TestServers.register(admin, TestServers.clusterPath(sub, "edge-7"));
    config = TestServers.configurations(clusterPath) + "/cfg";
    agent = TestServers.agent(admin, clusterPath);
    assertThat(admin.put(v(config), GIT_CONFIG).status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    servers.forEach(ConfigurationServer::close);
  }

  ConfigurationServer start(Path dir, String db) {
    var s =
        ConfigurationServer.start(
            TestServers.options(dir, db).withOfflineAfter(OFFLINE_AFTER), clock, name -> null);
    servers.add(s);
    return s;
  }

  /** The agent fetches the state and reports it applied and Compliant at the current time. */
  void agentReportsCompliant() {
    JsonNode state = agent.desired().json();
    long version = state.at("/configurations/0/version").asLong();
    String report =
        """
        {"configurations":[{"name":"cfg","appliedVersion":%d,"provisioningState":"Succeeded",
          "complianceState":"Compliant","sourceSyncedCommitId":"main/0ba6f0d3",
          "statusUpdatedAt":"%s",
          "statuses":[{"name":"cfg","namespace":"default","kind":"GitRepository",
            "complianceState":"Compliant"}]}]}
        """
            .formatted(version, clock.instant());
    assertThat(agent.status(report).status()).isEqualTo(204);
  }

  @Test
  void aSilentClusterTurnsUnknownAndDisconnectedAndRecoversWithTheNextHeartbeat() {
    agentReportsCompliant();
    JsonNode fresh = admin.get(v(config)).json().get("properties");
    assertThat(fresh.get("complianceState").asText()).isEqualTo("Compliant");
    assertThat(fresh.get("errorMessage").asText()).isEmpty();
    assertThat(connectivity(admin)).isEqualTo("Connected");

    clock.advance(OFFLINE_AFTER.plusSeconds(1));

    JsonNode stale = admin.get(v(config)).json().get("properties");
    assertThat(stale.get("complianceState").asText()).isEqualTo("Unknown");
    assertThat(stale.get("errorMessage").asText())
        .isEqualTo(
            "Cluster edge-7 is disconnected: last heartbeat 2026-11-20T10:00:00Z; status below"
                + " was last reported at 2026-11-20T10:00:00Z");
    // What the agent last said is kept as it was, only no longer presented as current.
    assertThat(stale.get("statusUpdatedAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(stale.at("/statuses/0/complianceState").asText()).isEqualTo("Compliant");
    assertThat(stale.get("sourceSyncedCommitId").asText()).isEqualTo("main/0ba6f0d3");
    assertThat(stale.get("provisioningState").asText()).isEqualTo("Succeeded");
    JsonNode listed = admin.get(v(config.substring(0, config.lastIndexOf('/')))).json();
    assertThat(listed.at("/value/0/properties/complianceState").asText()).isEqualTo("Unknown");
    JsonNode cluster = admin.get(v(clusterPath)).json().get("properties");
    assertThat(cluster.get("connectivityStatus").asText()).isEqualTo("Offline");
    assertThat(cluster.get("lastConnectivityTime").asText()).isEqualTo("2026-11-20T10:00:00Z");

    assertThat(agent.heartbeat().status()).isEqualTo(204);

    JsonNode back = admin.get(v(config)).json().get("properties");
    assertThat(back.get("complianceState").asText()).isEqualTo("Compliant");
    assertThat(back.get("errorMessage").asText()).isEmpty();
    assertThat(connectivity(admin)).isEqualTo("Connected");
  }

  @Test
  void anotherReplicaSeesTheClusterGoStaleAndComeBack() {
    ConfigurationServer b = start(dirB, databaseUrl != null ? databaseUrl : Database.h2Url(dirA));
    Api adminOnB = new Api(b.url(), b.adminToken());
    agentReportsCompliant();
    // Replica A writes the agent's last-seen time in its next batch; B reads it from there.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(connectivity(adminOnB)).isEqualTo("Connected"));
    assertThat(adminOnB.get(v(config)).json().at("/properties/complianceState").asText())
        .isEqualTo("Compliant");

    clock.advance(OFFLINE_AFTER.plusMinutes(1));
    assertThat(connectivity(adminOnB)).isEqualTo("Offline");
    assertThat(adminOnB.get(v(config)).json().at("/properties/errorMessage").asText())
        .startsWith("Cluster edge-7 is disconnected: last heartbeat 2026-11-20T10:00:00Z;");

    // The agent comes back, talking to A only.
    assertThat(agent.heartbeat().status()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        adminOnB.get(v(config)).json().at("/properties/complianceState").asText())
                    .isEqualTo("Compliant"));
  }

  @Test
  void aClusterThatNeverConnectedDoesNotClaimAnythingEither() {
    clock.advance(OFFLINE_AFTER.multipliedBy(3));
    JsonNode p = admin.get(v(config)).json().get("properties");
    assertThat(p.get("complianceState").asText()).isEqualTo("Unknown");
    assertThat(connectivity(admin)).isEqualTo("Offline");
  }

  private String connectivity(Api api) {
    return api.get(v(clusterPath)).json().at("/properties/connectivityStatus").asText();
  }
}
