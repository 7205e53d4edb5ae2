package io.flotilla.server.rollout;

import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.server.fluxconfig.ConfigurationLifecycle;
import io.flotilla.server.http.Json;
import io.flotilla.server.signals.DesiredStateSignals;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A plain configuration change across clusters as a rollout's subject: per cluster, revision 1 is
 * the configuration as it was when the rollout was created and revision 2 the same with the patch
 * applied. Pinning a cluster writes revision 2 to its configuration (as a PATCH would); unpinning
 * writes revision 1 back. The subject's key is the rollout's own.
 */
final class ConfigurationSubject implements RolloutSubject {
  static final long BASE = 1;
  static final long TARGET = 2;

  private final Jdbi jdbi;
  private final Clock clock;
  private final ConfigurationLifecycle lifecycle;
  private final DesiredStateSignals signals;
  private final RolloutStore rollouts = new RolloutStore();
  private final ClusterRepository clusters = new ClusterRepository();
  private final ConfigurationRepository configs = new ConfigurationRepository();

  ConfigurationSubject(
      Jdbi jdbi, Clock clock, ConfigurationLifecycle lifecycle, DesiredStateSignals signals) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.signals = signals;
  }

  /** One cluster of a configuration rollout: both revisions, and which one it was given. */
  record Member(
      String clusterId, String configurationName, String base, String target, long revision) {}

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

  @Override
  public void pin(Handle h, String key, Collection<String> clusterIds, long revision) {
    write(h, key, clusterIds, revision);
  }

  @Override
  public void unpin(Handle h, String key, Collection<String> clusterIds) {
    write(h, key, clusterIds, BASE);
  }

  /** Nothing beyond the waves: only the clusters of the waves are the rollout's. */
  @Override
  public void release(Handle h, String key, long revision) {}

  @Override
  public void changed(String key) {
    jdbi.useHandle(h -> members(h, key).forEach(m -> signals.changed(m.clusterId())));
  }

  /** Gives each cluster's configuration the properties of {@code revision}, as a PATCH would. */
  private void write(Handle h, String key, Collection<String> clusterIds, long revision) {
    String actor = rollouts.find(h, key).map(RolloutRow::resourceId).orElse(key);
    for (Member m : members(h, key)) {
      if (!clusterIds.contains(m.clusterId())) {
        continue;
      }
      Optional<ClusterRow> c = clusters.findById(h, m.clusterId());
      if (c.isEmpty()) {
        continue;
      }
      long version = clusters.bumpStateVersion(h, m.clusterId());
      lifecycle.save(
          h,
          c.get(),
          configs.find(h, m.clusterId(), m.configurationName()),
          m.configurationName(),
          Json.read(revision == TARGET ? m.target() : m.base(), FluxConfigurationProperties.class),
          null, // protected settings stay as they are
          new ConfigurationLifecycle.Write(actor, clock.instant(), version));
      h.createUpdate(
              "UPDATE flux_configuration_rollout_clusters SET revision = :r"
                  + " WHERE rollout_key = :k AND cluster_id = :c")
          .bind("r", revision)
          .bind("k", key)
          .bind("c", m.clusterId())
          .execute();
    }
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
          .add();
    }
    b.execute();
  }

  List<Member> members(Handle h, String key) {
    return h.createQuery(
            "SELECT cluster_id, configuration_name, base, target, revision"
                + " FROM flux_configuration_rollout_clusters WHERE rollout_key = :k")
        .bind("k", key)
        .map(
            (rs, ctx) ->
                new Member(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getLong(5)))
        .list();
  }
}
