package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch of status reports reads its configurations, then writes what the agents said. A change
 * written between the two (a PUT, a rollout wave) must survive: the report was about the version
 * before it. The test plays the batch with the repository the agent API writes through, and the
 * change with the ARM API.
 */
@ParameterizedClass
@MethodSource("io.flotilla.server.TestDatabases#all")
class StaleReportIT {
  static final String STATUS = "{\"statuses\":[]}";

  @Parameter String databaseUrl;

  @TempDir Path dataDir;
  ConfigurationServer server;
  Api admin;
  String clusterPath = TestServers.clusterPath(UUID.randomUUID(), "prod");
  String config = TestServers.configurations(clusterPath) + "/apps";
  ConfigurationRepository rows = new ConfigurationRepository();

  @BeforeEach
  void start() {
    server = ConfigurationServer.start(TestServers.options(dataDir, databaseUrl));
    admin = new Api(server.url(), server.adminToken());
    TestServers.register(admin, clusterPath);
    assertThat(admin.put(v(config), GIT_CONFIG).status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aReportReadBeforeAChangeDoesNotWriteTheOlderConfigurationBack() {
    try (Database db = Database.open(url())) {
      ConfigurationRow read = read(db);
      assertThat(
              admin
                  .put(
                      v(config),
                      GIT_CONFIG.replace("\"branch\":\"main\"", "\"branch\":\"release\""))
                  .status())
          .isEqualTo(200);
      report(db, read);
    }

    JsonNode after = admin.get(v(config)).json().path("properties");
    assertThat(after.at("/gitRepository/repositoryRef/branch").asText()).isEqualTo("release");
    assertThat(after.path("provisioningState").asText()).isNotEqualTo("Succeeded");
  }

  @Test
  void aReportAboutTheCurrentVersionIsWritten() {
    try (Database db = Database.open(url())) {
      report(db, read(db));
    }

    JsonNode after = admin.get(v(config)).json().path("properties");
    assertThat(after.path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(after.at("/gitRepository/repositoryRef/branch").asText()).isEqualTo("main");
  }

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
    return databaseUrl != null ? databaseUrl : Database.h2Url(dataDir);
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

  /** What the report batch writes for one configuration the agent says it applied. */
  private void report(Database db, ConfigurationRow read) {
    db.jdbi()
        .useTransaction(
            h ->
                rows.reportedAll(
                    h, List.of(read.with(read.state().reported("Succeeded", STATUS)))));
  }
}
