package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.agent.AgentApi;
import io.flotilla.server.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Long-polls at scale and across replicas that share one database. */
@OnEachTestDatabase
class LongPollIT {
  @Parameter String databaseUrl;

  @TempDir Path dirA;
  @TempDir Path dirB;
  final List<ConfigurationServer> servers = new ArrayList<>();
  final String sub = UUID.randomUUID().toString();

  @AfterEach
  void stop() {
    servers.forEach(ConfigurationServer::close);
  }

  ConfigurationServer start(Path dir, String dbUrl) {
    var s = ConfigurationServer.start(TestServers.options(dir, dbUrl));
    servers.add(s);
    return s;
  }

  String sharedDatabase(Path dir) {
    String pg = databaseUrl;
    return pg != null ? pg : Database.h2Url(dir);
  }

  String configs(String cluster) {
    return TestServers.configurations(TestServers.clusterPath(sub, cluster));
  }

  @Test
  void aChangeOnOneReplicaWakesAPollWaitingOnAnother() throws Exception {
    String db = sharedDatabase(dirA);
    ConfigurationServer a = start(dirA, db);
    ConfigurationServer b = start(dirB, db);
    var agent =
        SimulatedFleet.connect(
            a,
            new io.flotilla.api.arm.ClusterRef(
                sub, "rg", "Microsoft.Kubernetes", "connectedClusters", "edge"));
    Api agentOnB = new Api(b.url(), agent.api().token());
    String desired = agent.desiredPath();
    String etag = agentOnB.get(desired).header("ETag");

    var waiting = agentOnB.getAsync(desired + "?waitSeconds=30", etag);
    Api adminOnA = new Api(a.url(), a.adminToken());
    assertThat(
            adminOnA
                .put(
                    ConfigurationServerIT.v(configs("edge") + "/cfg"),
                    ConfigurationServerIT.GIT_CONFIG)
                .status())
        .isEqualTo(201);
    // Replica B has no in-process signal for A's change; it re-reads the version every 2 s.
    var changed = waiting.get(10, TimeUnit.SECONDS);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().at("/configurations/0/name").asText()).isEqualTo("cfg");
    // Each replica's own admin token works on the other, since both hashes live in the database.
    assertThat(
            new Api(b.url(), a.adminToken())
                .get(ConfigurationServerIT.v(configs("edge") + "/cfg"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aTokenReplacedOrAClusterDeletedOnOneReplicaStopsWorkingOnAnotherWithinSeconds() {
    String db = sharedDatabase(dirA);
    ConfigurationServer a = start(dirA, db);
    ConfigurationServer b = start(dirB, db);
    var ref =
        new io.flotilla.api.arm.ClusterRef(
            sub, "rg", "Microsoft.Kubernetes", "connectedClusters", "edge");
    var cluster = a.clusters().register(ref, "local");
    String old = a.clusters().issueAgentToken(cluster.clusterId());
    String desired = AgentApi.desiredPath(cluster.clusterId());
    // B verifies the token once and keeps it in memory from then on.
    assertThat(new Api(b.url(), old).get(desired).status()).isEqualTo(200);

    String fresh = a.clusters().issueAgentToken(cluster.clusterId());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(new Api(b.url(), old).get(desired).status()).isEqualTo(401));
    Api freshOnB = new Api(b.url(), fresh);
    assertThat(freshOnB.get(desired).status()).isEqualTo(200);

    Api adminOnA = new Api(a.url(), a.adminToken());
    String clusterPath =
        configs("edge")
            .replace("/providers/Microsoft.KubernetesConfiguration/fluxConfigurations", "");
    assertThat(adminOnA.delete(ConfigurationServerIT.v(clusterPath)).status()).isIn(200, 202);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(freshOnB.get(desired).status()).isEqualTo(401));
  }

  @Test
  void manyWaitingAgentsDoNotStarveOtherRequests() throws Exception {
    ConfigurationServer s = start(dirA, databaseUrl);
    Api admin = new Api(s.url(), s.adminToken());
    List<CompletableFuture<Api.Response>> polls = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    // More waiters than Jetty's default 200-thread pool could hold with platform threads.
    int n = 300;
    for (int i = 0; i < n; i++) {
      var agent =
          SimulatedFleet.connect(
              s,
              new io.flotilla.api.arm.ClusterRef(
                  sub, "rg", "Microsoft.Kubernetes", "connectedClusters", "c" + i));
      ids.add(agent.clusterId());
      String etag = agent.desired().header("ETag");
      polls.add(agent.api().getAsync(agent.desiredPath() + "?waitSeconds=60", etag));
    }
    assertThat(polls).noneMatch(CompletableFuture::isDone);
    long started = System.nanoTime();
    var health = admin.withToken(null).get("/healthz");
    var put =
        admin.put(
            ConfigurationServerIT.v(configs("c7") + "/cfg"), ConfigurationServerIT.GIT_CONFIG);
    assertThat(health.status()).isEqualTo(200);
    assertThat(put.status()).isEqualTo(201);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(polls.get(7).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(polls.stream().filter(CompletableFuture::isDone).count())
        .as("only the changed cluster's poll answered early")
        .isEqualTo(1);
  }
}
