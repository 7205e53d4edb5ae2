package io.flotilla.server.rollout;

import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.fluxconfig.ConfigurationLifecycle;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.lifecycle.ResourceLifecycle;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.OwnerRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A plain configuration change across clusters as a rollout's subject: per cluster, revision 1 is
 * the configuration as it was when the rollout was created and revision 2 the same with the patch
 * applied. Pinning a cluster applies the patch to its configuration as it is then (as a PATCH
 * would), so a change made since is kept and becomes revision 1 ({@link Rebase}); unpinning writes
 * revision 1 back. The subject's key is the rollout's own.
 */
final class ConfigurationSubject implements RolloutSubject {
  static final long BASE = 1;
  static final long TARGET = 2;

  private final ServiceContext context;
  private final ConfigurationLifecycle lifecycle;
  private final RolloutStore rollouts = new RolloutStore();
  private final ClusterRepository clusters = new ClusterRepository();
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final OwnerRepository owners = new OwnerRepository();

  ConfigurationSubject(ServiceContext context, ConfigurationLifecycle lifecycle) {
    this.context = context;
    this.lifecycle = lifecycle;
  }

  /**
   * One cluster of a configuration rollout: both revisions, which one it was given, the version
   * (ETag) of the configuration that write made (null: not written yet), why the rollout left the
   * cluster's configuration as it was (null: it did not) and how its wave found it changed since
   * the rollout was created (null: unchanged, or not reached yet).
   */
  record Member(
      String clusterId,
      String configurationName,
      String base,
      String target,
      long revision,
      Long writtenVersion,
      String kept,
      String rebased) {
    Member(String clusterId, String configurationName, String base, String target) {
      this(clusterId, configurationName, base, target, BASE, null, null, null);
    }

    Member keeping(String why) {
      return new Member(
          clusterId, configurationName, base, target, revision, writtenVersion, why, rebased);
    }

    Member written(long revision, long version) {
      return new Member(
          clusterId, configurationName, base, target, revision, version, null, rebased);
    }

    /** Revision 1 and 2 as its wave wrote them, and what it found changed ({@code why}). */
    Member rebased(String base, String target, String why) {
      return new Member(
          clusterId, configurationName, base, target, revision, writtenVersion, kept, why);
    }
  }

  /** A running rollout of the same configuration that already takes one of the same clusters. */
  record Overlap(String rolloutId, String state, String clusterId) {}

  @Override
  public Optional<Target> find(Handle h, String key) {
    return rollouts
        .find(h, key)
        .map(
            r ->
                new Target(
                    key,
                    r.resourceId(),
                    TARGET,
                    r.progress().state() == RolloutProgress.State.Succeeded ? TARGET : BASE,
                    true));
  }

  @Override
  public List<ClusterRow> clusters(Handle h, String key) {
    List<ClusterRow> out = new ArrayList<>();
    for (Member m : members(h, key)) {
      clusters.findById(h, m.clusterId()).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public Map<String, Observed> observe(Handle h, Target t) {
    Map<String, Observed> out = new HashMap<>();
    for (Member m : members(h, t.key())) {
      Optional<ClusterRow> c = clusters.findById(h, m.clusterId());
      if (c.isEmpty()) {
        continue; // the cluster was deleted: it drops out of its wave
      }
      Optional<ConfigurationRow> row = configs.find(h, m.clusterId(), m.configurationName());
      if (gone(h, m, row) != null) {
        continue; // deleted, or now an assignment's: it is not this rollout's any more
      }
      out.put(
          m.clusterId(),
          row.isEmpty()
              ? new Observed(c.get(), null, null, null)
              : new Observed(
                  c.get(),
                  m.revision(),
                  row.get().provisioningState(),
                  row.get().status() == null
                      ? null
                      : Json.tree(row.get().status()).path("complianceState").asText(null)));
    }
    return out;
  }

  @Override
  public Map<String, Long> pins(Handle h, String key) {
    Map<String, Long> out = new HashMap<>();
    for (Member m : members(h, key)) {
      if (m.revision() != BASE) {
        out.put(m.clusterId(), m.revision());
      }
    }
    return out;
  }

  /**
   * Writes revision 2, made from the configuration as it is now; returns the clusters where the
   * patch makes it invalid (changed since the rollout was created), with why.
   */
  @Override
  public Map<String, String> pin(
      Handle h, String key, Collection<String> clusterIds, long revision) {
    return write(h, key, clusterIds, revision);
  }

  /**
   * Writes revision 1 back, but only where the configuration is still what this rollout wrote: a
   * change made since by someone else (its version moved on) is kept, as is a deleted one.
   */
  @Override
  public Map<String, String> unpin(Handle h, String key, Collection<String> clusterIds) {
    return write(h, key, clusterIds, BASE);
  }

  @Override
  public Map<String, Notes> notes(Handle h, String key) {
    Map<String, Notes> out = new HashMap<>();
    for (Member m : members(h, key)) {
      if (m.kept() != null || m.rebased() != null) {
        out.put(m.clusterId(), new Notes(m.kept(), m.rebased()));
      }
    }
    return out;
  }

  /**
   * The first running (or paused) rollout of configuration {@code name} that takes one of {@code
   * clusterIds}: two rollouts writing the same configuration would undo each other's waves.
   */
  Optional<Overlap> overlapping(Handle h, String name, Collection<String> clusterIds) {
    return h
        .createQuery(
            "SELECT r.resource_id, r.state, c.cluster_id FROM flux_configuration_rollout_clusters c"
                + " JOIN flux_configuration_rollouts r ON r.resource_key = c.rollout_key"
                + " WHERE c.configuration_name = :n AND r.state IN (<states>)"
                + " ORDER BY r.created_at, r.resource_key, c.cluster_id")
        .bind("n", name)
        .bindList(
            "states",
            java.util.Arrays.stream(RolloutProgress.State.values())
                .filter(RolloutProgress.State::active)
                .map(Enum::name)
                .toList())
        .map((rs, ctx) -> new Overlap(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list()
        .stream()
        .filter(o -> clusterIds.contains(o.clusterId()))
        .findFirst();
  }

  /** Why the rollout no longer writes this cluster's configuration at all (null: it does). */
  private String gone(Handle h, Member m, Optional<ConfigurationRow> row) {
    if (row.isEmpty() || ProvisioningState.DELETING.equals(row.get().provisioningState())) {
      return "Configuration '"
          + m.configurationName()
          + "' was deleted during the rollout; the rollout does not create it again.";
    }
    return owners
        .find(h, m.clusterId(), m.configurationName())
        .map(
            o ->
                "Configuration '"
                    + m.configurationName()
                    + "' now belongs to assignment '"
                    + o.ownerId()
                    + "'; it changes through its assignment, not this rollout.")
        .orElse(null);
  }

  /** Why a rollback leaves this cluster's configuration as it is (null: it writes revision 1). */
  private String keep(Handle h, Member m, Optional<ConfigurationRow> row, long revision) {
    String gone = gone(h, m, row);
    if (gone != null || revision != BASE || m.revision() == BASE) {
      return gone;
    }
    ConfigurationRow now = row.get();
    if (m.writtenVersion() != null && now.version() == m.writtenVersion()) {
      return null;
    }
    return "Configuration '"
        + m.configurationName()
        + "' was changed by "
        + now.authorship().modifiedBy()
        + " at "
        + now.authorship().modifiedAt()
        + " after this rollout wrote it (ETag "
        + Preconditions.etag(now.version())
        + (m.writtenVersion() == null
            ? ""
            : ", the rollout wrote " + Preconditions.etag(m.writtenVersion()))
        + "): the rollback keeps that change. Apply revision 1 by hand if it should go.";
  }

  /** Nothing beyond the waves: only the clusters of the waves are the rollout's. */
  @Override
  public void release(Handle h, String key, long revision) {}

  @Override
  public void changed(String key) {
    context.useHandle(h -> members(h, key).forEach(m -> context.signals().changed(m.clusterId())));
  }

  /**
   * Gives each cluster's configuration the properties of {@code revision}, as a PATCH would, and
   * returns the clusters left as they were, with why (see {@link #keep}; for revision 2, {@link
   * Rebase.Refuse}).
   */
  private Map<String, String> write(
      Handle h, String key, Collection<String> clusterIds, long revision) {
    RolloutRow rollout = rollouts.find(h, key).orElseThrow();
    Map<String, String> kept = new HashMap<>();
    // in cluster id order, as every writer that locks several clusters' rows takes them
    List<Member> members =
        members(h, key).stream().sorted(Comparator.comparing(Member::clusterId)).toList();
    for (Member m : members) {
      if (!clusterIds.contains(m.clusterId())) {
        continue;
      }
      Optional<ClusterRow> c = clusters.findById(h, m.clusterId());
      if (c.isEmpty()) {
        continue;
      }
      long version = clusters.bumpStateVersion(h, m.clusterId());
      Optional<ConfigurationRow> row = configs.find(h, m.clusterId(), m.configurationName());
      String why = keep(h, m, row, revision);
      if (why != null) {
        if (revision == BASE) { // moving on, the cluster just drops out of its wave (LeftScope)
          kept.put(m.clusterId(), why);
          update(h, key, m.keeping(why));
        }
        continue;
      }
      Member next = m;
      if (revision == TARGET) {
        switch (Rebase.of(m.base(), m.target(), row.get(), rollout.plan().patch())) {
          case Rebase.Write w -> next = m.rebased(w.base(), w.target(), w.rebased());
          case Rebase.Refuse r -> {
            kept.put(m.clusterId(), r.why());
            update(h, key, m.rebased(m.base(), m.target(), r.why()));
            continue;
          }
        }
      }
      var saved =
          lifecycle.save(
              h,
              c.get(),
              row,
              m.configurationName(),
              Json.read(
                  revision == TARGET ? next.target() : next.base(),
                  FluxConfigurationProperties.class),
              null, // protected settings stay as they are
              new ResourceLifecycle.Stamp(
                  rollout.resourceId(), context.clock().instant(), version));
      update(h, key, next.written(revision, saved.row().version()));
    }
    return kept;
  }

  private static void update(Handle h, String key, Member m) {
    h.createUpdate(
            "UPDATE flux_configuration_rollout_clusters SET base = :b, target = :t, revision = :r,"
                + " written_version = :v, kept = :why, rebased = :rebased"
                + " WHERE rollout_key = :k AND cluster_id = :c")
        .bind("b", m.base())
        .bind("t", m.target())
        .bind("r", m.revision())
        .bind("v", m.writtenVersion())
        .bind("why", m.kept())
        .bind("rebased", m.rebased())
        .bind("k", key)
        .bind("c", m.clusterId())
        .execute();
  }

  void insert(Handle h, String key, List<Member> members) {
    var b =
        h.prepareBatch(
            "INSERT INTO flux_configuration_rollout_clusters (rollout_key, cluster_id,"
                + " configuration_name, base, target, revision) VALUES (:k, :c, :n, :b, :t, :r)");
    for (Member m : members) {
      b.bind("k", key)
          .bind("c", m.clusterId())
          .bind("n", m.configurationName())
          .bind("b", m.base())
          .bind("t", m.target())
          .bind("r", m.revision())
          .add(); // written_version, kept, rebased: null until the rollout writes (or keeps) it
    }
    b.execute();
  }

  List<Member> members(Handle h, String key) {
    return h.createQuery(
            "SELECT cluster_id, configuration_name, base, target, revision, written_version,"
                + " kept, rebased FROM flux_configuration_rollout_clusters WHERE rollout_key = :k")
        .bind("k", key)
        .map(
            (rs, ctx) ->
                new Member(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getLong(5),
                    rs.getObject(6) == null ? null : rs.getLong(6),
                    rs.getString(7),
                    rs.getString(8)))
        .list();
  }
}
