package io.flotilla.server.store;

import io.flotilla.api.arm.ClusterRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code clusters} and their tokens. */
public final class ClusterRepository {
  private static final String COLUMNS =
      "id, subscription_id, resource_group, cluster_rp, cluster_resource_name, cluster_name,"
          + " location, properties, state_version, created_at, created_by, modified_at,"
          + " modified_by, last_seen_at, tags";

  public Optional<ClusterRow> findByRef(Handle h, ClusterRef ref) {
    return h.createQuery("SELECT " + COLUMNS + " FROM clusters WHERE resource_key = :key")
        .bind("key", ref.key())
        .map(ClusterRepository::map)
        .findOne();
  }

  public Optional<ClusterRow> findById(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM clusters WHERE id = :id")
        .bind("id", id)
        .map(ClusterRepository::map)
        .findOne();
  }

  /** Clusters of a subscription (and resource group, unless null) with the given provider/type. */
  public List<ClusterRow> listInGroup(
      Handle h, String subscription, String resourceGroup, String rp, String type) {
    var q =
        h.createQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM clusters WHERE LOWER(subscription_id) = :sub"
                    + (resourceGroup == null ? "" : " AND LOWER(resource_group) = :rg")
                    + " AND LOWER(cluster_rp) = :rp AND LOWER(cluster_resource_name) = :type"
                    + " ORDER BY LOWER(resource_group), LOWER(cluster_name)")
            .bind("sub", subscription.toLowerCase(Locale.ROOT))
            .bind("rp", rp.toLowerCase(Locale.ROOT))
            .bind("type", type.toLowerCase(Locale.ROOT));
    if (resourceGroup != null) {
      q.bind("rg", resourceGroup.toLowerCase(Locale.ROOT));
    }
    return q.map(ClusterRepository::map).list();
  }

  /** Every cluster of a subscription (and resource group, unless null), of any type. */
  public List<ClusterRow> listInScope(Handle h, String subscription, String resourceGroup) {
    var q =
        h.createQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM clusters WHERE LOWER(subscription_id) = :sub"
                    + (resourceGroup == null ? "" : " AND LOWER(resource_group) = :rg"))
            .bind("sub", subscription.toLowerCase(Locale.ROOT));
    if (resourceGroup != null) {
      q.bind("rg", resourceGroup.toLowerCase(Locale.ROOT));
    }
    return q.map(ClusterRepository::map).list();
  }

  public void insert(Handle h, ClusterRow row) {
    h.createUpdate(
            "INSERT INTO clusters (id, resource_key, subscription_id, resource_group, cluster_rp,"
                + " cluster_resource_name, cluster_name, location, properties, state_version,"
                + " created_at, created_by, modified_at, modified_by, last_seen_at, tags) VALUES"
                + " (:id, :key, :sub, :rg, :rp, :type, :name, :location, :properties, :version,"
                + " :createdAt, :createdBy, :modifiedAt, :modifiedBy, :lastSeen, :tags)")
        .bind("id", row.id())
        .bind("key", row.ref().key())
        .bind("sub", row.ref().subscriptionId())
        .bind("rg", row.ref().resourceGroup())
        .bind("rp", row.ref().clusterRp())
        .bind("type", row.ref().clusterResourceName())
        .bind("name", row.ref().clusterName())
        .bind("location", row.location())
        .bind("properties", row.properties())
        .bind("version", row.stateVersion())
        .bindMap(row.authorship().params())
        .bind("lastSeen", Database.ts(row.lastSeenAt()))
        .bind("tags", row.tags())
        .execute();
  }

  public void update(
      Handle h, String id, String location, String properties, String tags, Instant at, String by) {
    h.createUpdate(
            "UPDATE clusters SET location = :location, properties = :properties, tags = :tags,"
                + " modified_at = :at, modified_by = :by WHERE id = :id")
        .bind("id", id)
        .bind("tags", tags)
        .bind("location", location)
        .bind("properties", properties)
        .bind("at", Database.ts(at))
        .bind("by", by)
        .execute();
  }

  public boolean delete(Handle h, String id, Instant at) {
    // Children first: not every database honours ON DELETE CASCADE the same way under MODE=.
    for (String table : List.of("tokens", "operations", "extensions", "flux_configurations")) {
      h.createUpdate("DELETE FROM " + table + " WHERE cluster_id = :id").bind("id", id).execute();
    }
    boolean deleted =
        h.createUpdate("DELETE FROM clusters WHERE id = :id").bind("id", id).execute() > 0;
    if (deleted) {
      h.createUpdate(
              "INSERT INTO cluster_deletions (cluster_id, change_seq, deleted_at)"
                  + " VALUES (:id, nextval('cluster_changes'), :at)")
          .bind("id", id)
          .bind("at", Database.ts(at))
          .execute();
    }
    return deleted;
  }

  /**
   * Increments the cluster's state version and returns the new value. The UPDATE also locks the
   * cluster row, which serialises concurrent changes to one cluster's configurations.
   */
  public long bumpStateVersion(Handle h, String id) {
    h.createUpdate(
            "UPDATE clusters SET state_version = state_version + 1,"
                + " change_seq = nextval('cluster_changes') WHERE id = :id")
        .bind("id", id)
        .execute();
    return stateVersion(h, id).orElseThrow();
  }

  /**
   * {@link #bumpStateVersion} for many clusters in one batch (locking their rows); returns the new
   * versions by cluster id (a cluster deleted meanwhile is missing).
   */
  public java.util.Map<String, Long> bumpStateVersions(Handle h, java.util.Collection<String> ids) {
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    // in id order, so that two batch writers lock rows in the same order
    List<String> sorted = ids.stream().sorted().toList();
    Database.batch(
        h,
        "UPDATE clusters SET state_version = state_version + 1,"
            + " change_seq = nextval('cluster_changes') WHERE id = :id",
        sorted,
        (b, id) -> b.bind("id", id));
    return stateVersions(h, sorted);
  }

  /** The state versions of these clusters (a deleted one is missing), in one query. */
  public java.util.Map<String, Long> stateVersions(Handle h, java.util.Collection<String> ids) {
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    if (!ids.isEmpty()) {
      h.createQuery("SELECT id, state_version FROM clusters WHERE id IN (<ids>)")
          .bindList("ids", Database.inList(ids))
          .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getLong(2)))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** These clusters' rows by id (a deleted one is missing), in one query. */
  public java.util.Map<String, ClusterRow> findAllById(Handle h, java.util.Collection<String> ids) {
    java.util.Map<String, ClusterRow> out = new java.util.HashMap<>();
    if (!ids.isEmpty()) {
      h.createQuery("SELECT " + COLUMNS + " FROM clusters WHERE id IN (<ids>)")
          .bindList("ids", Database.inList(ids))
          .map(ClusterRepository::map)
          .forEach(r -> out.put(r.id(), r));
    }
    return out;
  }

  /** Locks the cluster row until the transaction ends, without changing it. */
  public void lock(Handle h, String id) {
    h.createQuery("SELECT state_version FROM clusters WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .mapTo(Long.class)
        .findOne();
  }

  public Optional<Long> stateVersion(Handle h, String id) {
    return h.createQuery("SELECT state_version FROM clusters WHERE id = :id")
        .bind("id", id)
        .mapTo(Long.class)
        .findOne();
  }

  /**
   * Writes many clusters' last-seen times in one batch; a time never moves backwards (another
   * replica may have written a later one). In id order, as every batch writer locks cluster rows
   * (an assignment's fan-out, status reports): in any other order two of them deadlock.
   */
  public void touchAll(Handle h, java.util.Map<String, Instant> seen) {
    Database.batch(
        h,
        "UPDATE clusters SET last_seen_at = :at WHERE id = :id"
            + " AND (last_seen_at IS NULL OR last_seen_at < :at)",
        new java.util.TreeMap<>(seen).entrySet(),
        (b, e) -> b.bind("id", e.getKey()).bind("at", Database.ts(e.getValue())));
  }

  /** One entry of the change feed: a cluster's current versions, or its deletion. */
  public record Change(
      String clusterId, long seq, long stateVersion, long tokenVersion, boolean deleted) {}

  /** Clusters changed (or deleted) after {@code afterSeq}, in no particular order. */
  public List<Change> changesAfter(Handle h, long afterSeq) {
    List<Change> out =
        new java.util.ArrayList<>(
            h.createQuery(
                    "SELECT id, change_seq, state_version, token_version FROM clusters"
                        + " WHERE change_seq > :after")
                .bind("after", afterSeq)
                .map(
                    (rs, ctx) ->
                        new Change(
                            rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), false))
                .list());
    out.addAll(
        h.createQuery(
                "SELECT cluster_id, change_seq FROM cluster_deletions WHERE change_seq > :after")
            .bind("after", afterSeq)
            .map((rs, ctx) -> new Change(rs.getString(1), rs.getLong(2), -1, -1, true))
            .list());
    return out;
  }

  /** Every cluster's versions, for a replica that starts or lost track of the feed. */
  public List<Change> allVersions(Handle h) {
    return h.createQuery("SELECT id, change_seq, state_version, token_version FROM clusters")
        .map(
            (rs, ctx) ->
                new Change(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), false))
        .list();
  }

  /** The newest number the change feed has handed out (0 when none). */
  public long lastChangeSeq(Handle h) {
    Long a = h.createQuery("SELECT MAX(change_seq) FROM clusters").mapTo(Long.class).one();
    Long b = h.createQuery("SELECT MAX(change_seq) FROM cluster_deletions").mapTo(Long.class).one();
    return Math.max(a == null ? 0 : a, b == null ? 0 : b);
  }

  /** Forgets deletions older than {@code before}; replicas have long since seen them. */
  public int pruneDeletions(Handle h, Instant before) {
    return h.createUpdate("DELETE FROM cluster_deletions WHERE deleted_at < :before")
        .bind("before", Database.ts(before))
        .execute();
  }

  /** Replaces every agent token of the cluster with the given hash. */
  public void replaceAgentToken(Handle h, String clusterId, String tokenHash, Instant at) {
    h.createUpdate("DELETE FROM tokens WHERE kind = 'agent' AND cluster_id = :id")
        .bind("id", clusterId)
        .execute();
    h.createUpdate(
            "INSERT INTO tokens (token_hash, kind, cluster_id, created_at)"
                + " VALUES (:hash, 'agent', :id, :at)")
        .bind("hash", tokenHash)
        .bind("id", clusterId)
        .bind("at", Database.ts(at))
        .execute();
    h.createUpdate(
            "UPDATE clusters SET token_version = token_version + 1,"
                + " change_seq = nextval('cluster_changes') WHERE id = :id")
        .bind("id", clusterId)
        .execute();
  }

  /** Records an admin token's hash once (several replicas may each hold their own token file). */
  public void ensureAdminToken(Handle h, String tokenHash, Instant at) {
    h.createUpdate(
            "MERGE INTO tokens t USING (VALUES (:hash)) AS s(token_hash)"
                + " ON t.token_hash = s.token_hash"
                + " WHEN NOT MATCHED THEN INSERT (token_hash, kind, cluster_id, created_at)"
                + " VALUES (s.token_hash, 'admin', NULL, :at)")
        .bind("hash", tokenHash)
        .bind("at", Database.ts(at))
        .execute();
  }

  /** The kind and cluster of the known tokens among these hashes, by hash, in one query. */
  public java.util.Map<String, TokenRow> findTokens(
      Handle h, java.util.Collection<String> tokenHashes) {
    java.util.Map<String, TokenRow> out = new java.util.HashMap<>();
    if (!tokenHashes.isEmpty()) {
      h.createQuery(
              "SELECT token_hash, kind, cluster_id FROM tokens WHERE token_hash IN (<hashes>)")
          .bindList("hashes", Database.inList(tokenHashes))
          .map(
              (rs, ctx) ->
                  java.util.Map.entry(
                      rs.getString("token_hash"),
                      new TokenRow(rs.getString("kind"), rs.getString("cluster_id"))))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }

  public record TokenRow(String kind, String clusterId) {}

  static ClusterRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ClusterRow(
        rs.getString("id"),
        ref(rs),
        rs.getString("location"),
        rs.getString("properties"),
        rs.getLong("state_version"),
        Authorship.read(rs),
        Database.instant(rs, "last_seen_at"),
        rs.getString("tags"));
  }

  /** The cluster's ARM identity from a row of {@code clusters}. */
  public static ClusterRef ref(ResultSet rs) throws SQLException {
    return new ClusterRef(
        rs.getString("subscription_id"),
        rs.getString("resource_group"),
        rs.getString("cluster_rp"),
        rs.getString("cluster_resource_name"),
        rs.getString("cluster_name"));
  }
}
