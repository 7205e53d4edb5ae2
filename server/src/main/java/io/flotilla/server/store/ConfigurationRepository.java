package io.flotilla.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code flux_configurations}. */
public final class ConfigurationRepository extends ChildRepository<ConfigurationRow> {
  private static final String COLUMNS =
      "cluster_id, name, desired, protected_settings, protected_confirmed_at, version,"
          + " provisioning_state, status, created_at, created_by, modified_at, modified_by";

  public ConfigurationRepository() {
    super("flux_configurations", COLUMNS, ConfigurationRepository::map);
  }

  /** Up to {@code limit} configurations named after {@code after} (null = from the start). */
  public List<ConfigurationRow> page(Handle h, String clusterId, String after, int limit) {
    return rows.select(
            h,
            "WHERE cluster_id = :c AND name > :after ORDER BY name LIMIT :limit",
            java.util.Map.of("c", clusterId, "after", after == null ? "" : after, "limit", limit))
        .list();
  }

  private static final String INSERT =
      "INSERT INTO flux_configurations ("
          + COLUMNS
          + ", compliance_state) VALUES (:clusterId, :name, :desired, :sealed, :confirmedAt,"
          + " :version, :state, :status, :createdAt, :createdBy, :modifiedAt, :modifiedBy,"
          + " :compliance)";

  private static final String UPDATE =
      "UPDATE flux_configurations SET desired = :desired, protected_settings = :sealed,"
          + " protected_confirmed_at = :confirmedAt, version = :version,"
          + " provisioning_state = :state, status = :status, compliance_state = :compliance,"
          + " modified_at = :modifiedAt,"
          + " modified_by = :modifiedBy WHERE cluster_id = :clusterId AND name = :name";

  private static final String REPORTED =
      "UPDATE flux_configurations SET provisioning_state = :state, status = :status,"
          + " compliance_state = :compliance, protected_confirmed_at = :confirmedAt"
          + " WHERE cluster_id = :clusterId AND name = :name AND version = :version";

  public void insert(Handle h, ConfigurationRow r) {
    h.createUpdate(INSERT).bindMap(params(r)).execute();
  }

  public void update(Handle h, ConfigurationRow r) {
    h.createUpdate(UPDATE).bindMap(params(r)).execute();
  }

  /** Inserts many rows in one batch (one round trip). */
  public void insertAll(Handle h, List<ConfigurationRow> rows) {
    Database.batch(h, INSERT, rows, (b, r) -> b.bindMap(params(r)));
  }

  /** Updates many rows in one batch. */
  public void updateAll(Handle h, List<ConfigurationRow> rows) {
    Database.batch(h, UPDATE, rows, (b, r) -> b.bindMap(params(r)));
  }

  /**
   * Writes what agents reported (provisioning state, status, compliance, when protected settings
   * were confirmed) into the rows that are still at the version they were read at. Nothing else is
   * written: a row changed meanwhile (a PUT, a rollout wave, the purge of protected settings) keeps
   * that change, and a report about the version before it is dropped.
   */
  public void reportedAll(Handle h, List<ConfigurationRow> rows) {
    Database.batch(h, REPORTED, rows, (b, r) -> b.bindMap(params(r)));
  }

  /** The configuration named {@code name} on each of these clusters that has one. */
  public java.util.Map<String, ConfigurationRow> findAll(
      Handle h, String name, java.util.Collection<String> clusterIds) {
    java.util.Map<String, ConfigurationRow> out = new java.util.HashMap<>();
    if (clusterIds.isEmpty()) {
      return out;
    }
    rows.query(h, "WHERE name = :n AND cluster_id IN (<ids>)")
        .bind("n", name)
        .bindList("ids", Database.inList(clusterIds))
        .map(rows.mapper())
        .forEach(r -> out.put(r.clusterId(), r));
    return out;
  }

  /**
   * Forgets protected settings the agent confirmed before {@code cutoff}; returns the count. Their
   * clusters' rows are locked first, in id order, as every writer of a configuration locks them: a
   * write that read the settings before the purge cannot put them back after it.
   */
  public int purgeProtectedSettings(Handle h, Instant cutoff) {
    h.createQuery(
            "SELECT id FROM clusters WHERE id IN (SELECT cluster_id FROM flux_configurations"
                + PURGEABLE
                + ") ORDER BY id FOR UPDATE")
        .bind("cutoff", Database.ts(cutoff))
        .mapTo(String.class)
        .list();
    return h.createUpdate("UPDATE flux_configurations SET protected_settings = NULL" + PURGEABLE)
        .bind("cutoff", Database.ts(cutoff))
        .execute();
  }

  private static final String PURGEABLE =
      " WHERE protected_settings IS NOT NULL AND protected_confirmed_at IS NOT NULL"
          + " AND protected_confirmed_at < :cutoff";

  /**
   * Fills {@code compliance_state} for rows written before the column existed; returns how many.
   */
  public int backfillCompliance(Handle h) {
    var rows =
        h.createQuery(
                "SELECT cluster_id, name, status FROM flux_configurations"
                    + " WHERE compliance_state IS NULL")
            .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
            .list();
    for (String[] r : rows) {
      h.createUpdate(
              "UPDATE flux_configurations SET compliance_state = :s"
                  + " WHERE cluster_id = :c AND name = :n")
          .bind("s", complianceOf(r[2]))
          .bind("c", r[0])
          .bind("n", r[1])
          .execute();
    }
    return rows.size();
  }

  /** What the agent last saw of one configuration's objects (events, live specs; JSON). */
  public record Observed(String clusterId, String name, String observed) {}

  /** Keeps what the agent last saw, for many configurations in one batch. */
  public void saveObservedAll(Handle h, List<Observed> all) {
    Database.batch(
        h,
        "UPDATE flux_configurations SET observed = :observed"
            + " WHERE cluster_id = :clusterId AND name = :name",
        all,
        (b, o) ->
            b.bind("observed", o.observed())
                .bind("clusterId", o.clusterId())
                .bind("name", o.name()));
  }

  /** What the agent last saw of the configuration's objects (JSON), if it said. */
  public java.util.Optional<String> observed(Handle h, String clusterId, String name) {
    return h
        .createQuery(
            "SELECT observed FROM flux_configurations WHERE cluster_id = :clusterId AND name = :name")
        .bind("clusterId", clusterId)
        .bind("name", name)
        .mapTo(String.class)
        .list()
        .stream()
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  /** The top-level {@code complianceState} of a status JSON; Unknown when there is none. */
  static String complianceOf(String status) {
    if (status == null || status.isBlank()) {
      return io.flotilla.api.arm.ComplianceState.UNKNOWN;
    }
    try {
      String s =
          io.flotilla.server.http.Json.MAPPER.readTree(status).path("complianceState").asText("");
      return s.isBlank() ? io.flotilla.api.arm.ComplianceState.UNKNOWN : s;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return io.flotilla.api.arm.ComplianceState.UNKNOWN;
    }
  }

  private static java.util.Map<String, Object> params(ConfigurationRow r) {
    var m = r.state().params();
    m.put("clusterId", r.clusterId());
    m.put("name", r.name());
    m.put("desired", r.desired());
    m.put("sealed", r.sealedProtectedSettings());
    m.put("confirmedAt", Database.ts(r.protectedConfirmedAt()));
    m.put("compliance", complianceOf(r.status()));
    return m;
  }

  static ConfigurationRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ConfigurationRow(
        rs.getString("cluster_id"),
        rs.getString("name"),
        rs.getString("desired"),
        rs.getString("protected_settings"),
        Database.instant(rs, "protected_confirmed_at"),
        ChildState.read(rs));
  }
}
