package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.Database;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * A batch of status reports reads its configurations, then writes what the agents said. A change
 * written between the two (a PUT, a rollout wave) must survive: the report was about the version
 * before it. The report goes through the agent API; the change is written in a transaction that
 * holds the row until the report's batch waits for it, then commits.
 */
@OnEachTestDatabase
class StaleReportIT {
  @Parameter String databaseUrl;

  @RegisterExtension final ServiceHarness service = ServiceHarness.on(() -> databaseUrl);
  final Api admin = service.admin();
  String clusterPath = TestServers.clusterPath(UUID.randomUUID(), "prod");
  String config = TestServers.configurations(clusterPath) + "/apps";
  ConfigurationRepository rows = new ConfigurationRepository();

  @BeforeEach
  void start() {
    TestServers.register(admin, clusterPath);
    assertThat(admin.put(v(config), GIT_CONFIG).status()).isEqualTo(201);
  }

  @Test
  void aReportReadBeforeAChangeDoesNotWriteTheOlderConfigurationBack() throws Exception {
    var agent = TestServers.agent(admin, clusterPath);
    long version =
        ConfigurationServerIT.find(agent.desired().json(), "apps").get("version").asLong();
    try (Database db = Database.open(url())) {
      ConfigurationRow read = read(db);
      Handle change = db.jdbi().open();
      try {
        // the change holds the row, so the report's batch reads it and then waits to write
        change.begin();
        change
            .createUpdate(
                "UPDATE flux_configurations SET desired = :d, version = version + 1"
                    + " WHERE cluster_id = :c AND name = 'apps'")
            .bind("d", read.desired().replace("\"branch\":\"main\"", "\"branch\":\"release\""))
            .bind("c", read.clusterId())
            .execute();
        CompletableFuture<Api.Response> report =
            CompletableFuture.supplyAsync(
                () ->
                    agent.status(ConfigurationServerIT.statusReport("apps", version, "Compliant")));
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnALock(db));
        change.commit();
        assertThat(report.get(30, TimeUnit.SECONDS).status()).isLessThan(300);
      } finally {
        change.close();
      }
    }

    JsonNode after = admin.get(v(config)).json().path("properties");
    assertThat(after.at("/gitRepository/repositoryRef/branch").asText()).isEqualTo("release");
    assertThat(after.path("provisioningState").asText()).isNotEqualTo("Succeeded");
  }

  @Test
  void aReportAboutTheCurrentVersionIsWritten() {
    var agent = TestServers.agent(admin, clusterPath);
    long version =
        ConfigurationServerIT.find(agent.desired().json(), "apps").get("version").asLong();
    assertThat(
            agent.status(ConfigurationServerIT.statusReport("apps", version, "Compliant")).status())
        .isLessThan(300);

    JsonNode after = admin.get(v(config)).json().path("properties");
    assertThat(after.path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(after.at("/gitRepository/repositoryRef/branch").asText()).isEqualTo("main");
  }

  /**
   * The guard the report batch deletes through ({@code ChildRepository.deleteAt}), checked on the
   * repository: the window between the batch's read and its delete cannot be held open from outside
   * the way a row lock holds the write above.
   */
  @Test
  void aDeleteReportedForAConfigurationCreatedAgainMeanwhileKeepsTheNewOne() {
    assertThat(admin.delete(v(config)).status()).isEqualTo(202);
    try (Database db = Database.open(url())) {
      ConfigurationRow deleting = read(db);
      assertThat(deleting.provisioningState()).isEqualTo("Deleting");
      assertThat(admin.delete(v(config + "?forceDelete=true")).status()).isEqualTo(200);
      assertThat(admin.put(v(config), GIT_CONFIG).status()).isEqualTo(201);

      boolean deleted =
          db.jdbi()
              .inTransaction(
                  h -> rows.deleteAt(h, deleting.clusterId(), "apps", deleting.version()));
      assertThat(deleted).isFalse();
    }
    assertThat(admin.get(v(config)).status()).isEqualTo(200);
  }

  private String url() {
    return databaseUrl != null ? databaseUrl : Database.h2Url(service.dir());
  }

  private ConfigurationRow read(Database db) {
    return db.jdbi()
        .withHandle(
            h -> {
              String cluster =
                  new ClusterRepository()
                      .findByRef(h, TestServers.ref(clusterPath))
                      .orElseThrow()
                      .id();
              return rows.find(h, cluster, "apps").orElseThrow();
            });
  }

  /** Whether a session of this database waits for a row another holds (PostgreSQL or H2). */
  private boolean waitingOnALock(Database db) {
    String sql =
        databaseUrl != null
            ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one()) > 0;
  }
}
