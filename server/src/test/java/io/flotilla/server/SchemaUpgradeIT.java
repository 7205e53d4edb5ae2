package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service upgraded over a database of the first release: a store at the V1 schema holding a
 * registered cluster, its agent token and a configuration is opened by today's service, which
 * migrates it to the current schema — and the configuration still reads as it was written, the
 * agent's token still opens its cluster, and the agent still receives the configuration.
 *
 * <p>The V1 rows are the rows today's service writes for the same requests, cut to the columns the
 * V1 schema has (what a V1 service stored), so the test follows the service's own formats.
 */
class SchemaUpgradeIT {
  private static final List<String> V1_TABLES =
      List.of("clusters", "tokens", "flux_configurations");

  @TempDir Path current;
  @TempDir Path first;

  @Test
  void aV1StoreWithDataMigratesToTheCurrentSchemaAndServesItsConfigurations() throws Exception {
    String sub = "3b0c8f2e-5a1d-4c6e-9f7a-2d8e1b4c6a90";
    String clusterPath =
        "/subscriptions/"
            + sub
            + "/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/prod";
    String config =
        clusterPath
            + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cluster-config";
    SimulatedFleet.Agent agent;
    String written;
    try (ConfigurationServer today = start(current)) {
      Api admin = new Api(today.url(), today.adminToken());
      assertThat(
              admin
                  .put(
                      ConfigurationServerIT.v(clusterPath),
                      "{\"location\":\"westeurope\",\"properties\":{\"distribution\":\"k3s\"}}")
                  .status())
          .isEqualTo(201);
      agent = TestServers.agent(admin, clusterPath);
      assertThat(
              admin.put(ConfigurationServerIT.v(config), ConfigurationServerIT.GIT_CONFIG).status())
          .isEqualTo(201);
      written = admin.get(ConfigurationServerIT.v(config)).json().get("properties").toString();
    }

    // a store at V1, holding those rows as a V1 service kept them
    String v1Url = Database.h2Url(first);
    Flyway.configure()
        .dataSource(v1Url, "", "")
        .locations("classpath:db/migration")
        .target("1")
        .load()
        .migrate();
    try (Connection from = DriverManager.getConnection(Database.h2Url(current), "", "");
        Connection to = DriverManager.getConnection(v1Url, "", "")) {
      for (String table : V1_TABLES) {
        int copied = copy(from, to, table);
        assertThat(copied).as(table).isPositive();
      }
      assertThat(schemaVersion(to)).isEqualTo("1");
    }

    try (ConfigurationServer upgraded = start(first)) {
      Api admin = new Api(upgraded.url(), upgraded.adminToken());
      try (Connection c = DriverManager.getConnection(upgraded.databaseUrl(), "", "")) {
        assertThat(schemaVersion(c)).isNotEqualTo("1");
      }
      var read = admin.get(ConfigurationServerIT.v(config));
      assertThat(read.status()).as(read.body()).isEqualTo(200);
      assertThat(read.json().at("/properties/gitRepository/url").asText())
          .isEqualTo("https://github.com/Azure/arc-k8s-demo");
      assertThat(read.json().at("/properties/kustomizations/apps/dependsOn/0").asText())
          .isEqualTo("infra");
      assertThat(read.json().get("properties").get("kustomizations").toString())
          .isEqualTo(io.flotilla.server.http.Json.tree(written).get("kustomizations").toString());
      // the agent of the cluster registered before the upgrade still gets its configuration
      var desired = admin.withToken(agent.api().token()).get(agent.desiredPath());
      assertThat(desired.status()).as(desired.body()).isEqualTo(200);
      assertThat(desired.body()).contains("cluster-config").contains("arc-k8s-demo");
      // and the store takes new writes under the new schema
      assertThat(
              admin
                  .put(
                      ConfigurationServerIT.v(config.replace("cluster-config", "after-upgrade")),
                      ConfigurationServerIT.GIT_CONFIG)
                  .status())
          .isEqualTo(201);
    }
  }

  private static ConfigurationServer start(Path dataDir) {
    return ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(dataDir));
  }

  /** Copies {@code table}'s rows, in the columns the target has; the number of rows. */
  private static int copy(Connection from, Connection to, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = to.getMetaData().getColumns(null, null, table, null)) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME"));
      }
    }
    String list = String.join(", ", columns);
    String marks = String.join(", ", columns.stream().map(c -> "?").toList());
    int n = 0;
    try (PreparedStatement read = from.prepareStatement("SELECT " + list + " FROM " + table);
        ResultSet rows = read.executeQuery();
        PreparedStatement write =
            to.prepareStatement(
                "INSERT INTO " + table + " (" + list + ") VALUES (" + marks + ")")) {
      while (rows.next()) {
        for (int i = 1; i <= columns.size(); i++) {
          write.setObject(i, rows.getObject(i));
        }
        write.executeUpdate();
        n++;
      }
    }
    return n;
  }

  private static String schemaVersion(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                    + " ORDER BY \"installed_rank\" DESC LIMIT 1");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }
}
