package io.flotilla.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * SQL for the ownership of flux configurations: the assignment that wrote one (its ARM id), the
 * template revision and a digest of what it wrote. A configuration made by hand has none.
 */
public final class OwnerRepository {

  /** The owner of one configuration. */
  public record Owner(String ownerId, long revision, String digest, long version) {}

  /** An owned configuration with what the compliance summary needs. */
  public record Owned(
      String clusterId,
      String name,
      String provisioningState,
      String complianceState,
      long version,
      long ownerRevision,
      String ownerDigest,
      long ownerVersion) {

    /** Written since its owner wrote it: by hand, since the owner writes only through set. */
    public boolean drifted() {
      return version != ownerVersion;
    }
  }

  public Optional<Owner> find(Handle h, String clusterId, String name) {
    return h.createQuery(
            "SELECT owner_id, owner_revision, owner_digest, owner_version FROM flux_configurations"
                + " WHERE cluster_id = :c AND name = :n AND owner_id IS NOT NULL")
        .bind("c", clusterId)
        .bind("n", name)
        .map((rs, ctx) -> new Owner(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4)))
        .findOne();
  }

  /** The owners of a cluster's configurations, by configuration name. */
  public Map<String, String> ownersOf(Handle h, String clusterId) {
    return h
        .createQuery(
            "SELECT name, owner_id FROM flux_configurations"
                + " WHERE cluster_id = :c AND owner_id IS NOT NULL")
        .bind("c", clusterId)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  public void set(Handle h, String clusterId, String name, Owner owner) {
    setAll(h, name, Map.of(clusterId, owner));
  }

  /** Sets the owner of configuration {@code name} on many clusters in one batch. */
  public void setAll(Handle h, String name, Map<String, Owner> byCluster) {
    Database.batch(
        h,
        "UPDATE flux_configurations SET owner_id = :o, owner_revision = :r,"
            + " owner_digest = :d, owner_version = :v WHERE cluster_id = :c AND name = :n",
        byCluster.entrySet(),
        (b, e) ->
            b.bind("o", e.getValue().ownerId())
                .bind("r", e.getValue().revision())
                .bind("d", e.getValue().digest())
                .bind("v", e.getValue().version())
                .bind("c", e.getKey())
                .bind("n", name));
  }

  /** The owners of configuration {@code name} on these clusters, by cluster id. */
  public Map<String, Owner> findAll(Handle h, String name, java.util.Collection<String> ids) {
    Map<String, Owner> out = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    h.createQuery(
            "SELECT cluster_id, owner_id, owner_revision, owner_digest, owner_version"
                + " FROM flux_configurations WHERE name = :n AND owner_id IS NOT NULL"
                + " AND cluster_id IN (<ids>)")
        .bind("n", name)
        .bindList("ids", Database.inList(ids))
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getString(1),
                    new Owner(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Every configuration the assignment owns. */
  public List<Owned> ownedBy(Handle h, String ownerId) {
    return h.createQuery(
            "SELECT cluster_id, name, provisioning_state, compliance_state, version,"
                + " owner_revision, owner_digest, owner_version FROM flux_configurations"
                + " WHERE owner_id = :o")
        .bind("o", ownerId)
        .map(
            (rs, ctx) ->
                new Owned(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getString(7),
                    rs.getLong(8)))
        .list();
  }

  /**
   * Configurations named {@code name} in any cluster of the subscription: cluster id to owner id
   * ("" for one made by hand).
   */
  public Map<String, String> holdersOf(Handle h, String subscription, String name) {
    Map<String, String> out = new java.util.HashMap<>();
    h.createQuery(
            "SELECT f.cluster_id, f.owner_id FROM flux_configurations f"
                + " JOIN clusters c ON c.id = f.cluster_id"
                + " WHERE f.name = :n AND LOWER(c.subscription_id) = :s")
        .bind("n", name)
        .bind("s", subscription.toLowerCase(java.util.Locale.ROOT))
        .map(
            (rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Gives up ownership: the configurations stay, as if made by hand. Returns how many. */
  public int release(Handle h, String ownerId) {
    return h.createUpdate(
            "UPDATE flux_configurations SET owner_id = NULL, owner_revision = NULL,"
                + " owner_digest = NULL, owner_version = NULL WHERE owner_id = :o")
        .bind("o", ownerId)
        .execute();
  }
}
