package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.server.SimulatedFleet.Agent;
import io.flotilla.server.store.Database;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A fleet for the dashboard tests: a few clusters made the way users and agents make them (REST and
 * agent API), and many more written straight into the store, in one transaction, so that 1,000 or
 * 10,000 clusters take seconds instead of minutes.
 */
final class FleetFixture {
  final Api admin;
  final String sub;

  FleetFixture(Api admin, String sub) {
    this.admin = admin;
    this.sub = sub;
  }

  /** A connected cluster with an agent that can report. */
  Agent register(String rg, String name) {
    ClusterRef ref = new ClusterRef(sub, rg, "Microsoft.Kubernetes", "connectedClusters", name);
    assertThat(admin.put(v(ref.resourceId()), "{\"location\":\"westeurope\"}").status())
        .isEqualTo(201);
    return TestServers.agent(admin, ref.resourceId());
  }

  String configure(Agent a, String name) {
    String path = a.ref().fluxConfigurationId(name);
    assertThat(admin.put(v(path), GIT_CONFIG).status()).isEqualTo(201);
    return path;
  }

  /** The agent reports configuration {@code name} at its current version with these statuses. */
  void report(Agent a, String name, String compliance, String statusesJson, Instant at) {
    report(a, name, compliance, statusesJson, at, "null");
  }

  /** As above, with what the agent saw of the objects ({@code ObservedObjects} JSON). */
  void report(
      Agent a,
      String name,
      String compliance,
      String statusesJson,
      Instant at,
      String observedJson) {
    JsonNode c = SimulatedFleet.configuration(a.desired().json(), name);
    long version = c == null ? -1 : c.path("version").asLong();
    String report =
        """
        {"configurations":[{"name":"%s","appliedVersion":%d,"provisioningState":"Succeeded",
          "complianceState":"%s","sourceSyncedCommitId":"main@sha1:0ba6f0d3a1",
          "statusUpdatedAt":"%s","statuses":%s,"observed":%s}]}
        """
            .formatted(name, version, compliance, at, statusesJson, observedJson);
    assertThat(a.status(report).status()).isEqualTo(204);
  }

  /**
   * Writes {@code n} clusters named {@code prefix-00000…} with one configuration {@code app} each,
   * seen at {@code seen}; every {@code nonCompliantEvery}-th is Non-Compliant, every {@code
   * offlineEvery}-th was never heard from; half have the flux extension.
   */
  void seed(
      String databaseUrl,
      String prefix,
      int n,
      Instant seen,
      int nonCompliantEvery,
      int offlineEvery) {
    String desired;
    Agent template = register("rg-template", prefix + "-template");
    configure(template, "app");
    try (Database db = Database.open(databaseUrl)) {
      desired =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT desired FROM flux_configurations WHERE cluster_id = :c")
                          .bind("c", template.clusterId())
                          .mapTo(String.class)
                          .one());
      OffsetDateTime now = OffsetDateTime.ofInstant(seen, ZoneOffset.UTC);
      db.jdbi()
          .useTransaction(
              h -> {
                var clusters =
                    h.prepareBatch(
                        "INSERT INTO clusters (id, resource_key, subscription_id, resource_group,"
                            + " cluster_rp, cluster_resource_name, cluster_name, location,"
                            + " properties, state_version, created_at, created_by, modified_at,"
                            + " modified_by, last_seen_at) VALUES (:id, :key, :sub, :rg,"
                            + " 'Microsoft.Kubernetes', 'connectedClusters', :name, 'westeurope',"
                            + " NULL, 1, :now, 'seed', :now, 'seed', :seen)");
                var configs =
                    h.prepareBatch(
                        "INSERT INTO flux_configurations (cluster_id, name, desired, version,"
                            + " provisioning_state, status, compliance_state, created_at,"
                            + " created_by, modified_at, modified_by) VALUES (:id, 'app',"
                            + " :desired, 1, 'Succeeded', :status, :compliance, :now, 'seed',"
                            + " :now, 'seed')");
                var extensions =
                    h.prepareBatch(
                        "INSERT INTO extensions (cluster_id, name, body, created_at, created_by,"
                            + " modified_at, modified_by, version, provisioning_state, status)"
                            + " VALUES (:id, 'flux', :body, :now, 'seed', :now, 'seed', 1,"
                            + " 'Succeeded', '{\"currentVersion\":\"1.18.0\"}')");
                for (int i = 0; i < n; i++) {
                  String id = UUID.randomUUID().toString();
                  String name = String.format("%s-%05d", prefix, i);
                  String rg = "rg-" + (i % 20);
                  String compliance =
                      nonCompliantEvery > 0 && i % nonCompliantEvery == nonCompliantEvery - 1
                          ? "Non-Compliant"
                          : "Compliant";
                  boolean offline = offlineEvery > 0 && i % offlineEvery == offlineEvery - 2;
                  clusters
                      .bind("id", id)
                      .bind(
                          "key",
                          new ClusterRef(sub, rg, "Microsoft.Kubernetes", "connectedClusters", name)
                              .key())
                      .bind("sub", sub)
                      .bind("rg", rg)
                      .bind("name", name)
                      .bind("now", now)
                      .bind("seen", offline ? null : now)
                      .add();
                  configs
                      .bind("id", id)
                      .bind("desired", desired)
                      .bind("status", status(compliance, seen))
                      .bind("compliance", compliance)
                      .bind("now", now)
                      .add();
                  if (i % 2 == 0) {
                    extensions
                        .bind("id", id)
                        .bind(
                            "body",
                            "{\"name\":\"flux\",\"properties\":{\"extensionType\":"
                                + "\"microsoft.flux\"}}")
                        .bind("now", now)
                        .add();
                  }
                }
                clusters.execute();
                configs.execute();
                extensions.execute();
              });
    }
  }

  private static String status(String compliance, Instant at) {
    return """
        {"statuses":[{"name":"app","namespace":"app","kind":"GitRepository",\
        "complianceState":"Compliant"}],"sourceSyncedCommitId":"main@sha1:0ba6f0d3a1",\
        "statusUpdatedAt":"%s","complianceState":"%s","errorMessage":""}"""
        .formatted(at, compliance);
  }
}
