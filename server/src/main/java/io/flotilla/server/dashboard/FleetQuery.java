package io.flotilla.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ComplianceState;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The fleet overview's reads: one page of clusters (filtered and counted in SQL, so 10,000 clusters
 * cost one indexed query and a count), then the configurations and extensions of that page only.
 * Connectivity is the service's own rule ({@link Connectivity}): a cluster not heard from within
 * the offline threshold is Offline and its configurations count as Unknown, never as Compliant.
 */
final class FleetQuery {
  static final List<String> STATES =
      List.of(
          ComplianceState.COMPLIANT,
          ComplianceState.NON_COMPLIANT,
          ComplianceState.PENDING,
          ComplianceState.SUSPENDED,
          ComplianceState.UNKNOWN);
  private static final int NAMES_SHOWN = 3;

  private final Jdbi jdbi;
  private final Connectivity connectivity;
  private final Clock clock;

  FleetQuery(Jdbi jdbi, Connectivity connectivity, Clock clock) {
    this.jdbi = jdbi;
    this.connectivity = connectivity;
    this.clock = clock;
  }

  /** The page of clusters within {@code scopes} (ARM scopes; null: all) that match. */
  Fleet.Page page(Fleet.Filter filter, List<String> scopes) {
    if (filter.reach() != null || filter.compliance() != null) {
      // The filter reads stored last-seen times; write this replica's due ones first, as the
      // periodic flush would, so a cluster heard a moment ago is not filtered as offline.
      connectivity.flush(jdbi);
    }
    Instant now = clock.instant();
    return jdbi.withHandle(
        h -> {
          Map<String, Object> binds = new HashMap<>();
          String where = where(filter, now, binds) + " AND " + within(scopes, binds);
          long total =
              h.createQuery("SELECT COUNT(*) FROM clusters c WHERE " + where)
                  .bindMap(binds)
                  .mapTo(Long.class)
                  .one();
          List<Base> base =
              h.createQuery(
                      "SELECT c.id, c.subscription_id, c.resource_group, c.cluster_rp,"
                          + " c.cluster_resource_name, c.cluster_name, c.last_seen_at"
                          + " FROM clusters c WHERE "
                          + where
                          + " ORDER BY c.cluster_name, c.resource_group, c.subscription_id, c.id"
                          + " LIMIT :limit OFFSET :offset")
                  .bindMap(binds)
                  .bind("limit", filter.size())
                  .bind("offset", (long) (filter.page() - 1) * filter.size())
                  .map(FleetQuery::base)
                  .list();
          return new Fleet.Page(rows(h, base, filter.q()), total, filter, now);
        });
  }

  /** The same row for one cluster, for the cluster view's header. */
  Optional<Fleet.Row> one(ClusterRef ref) {
    return jdbi.withHandle(
        h -> {
          List<Base> base =
              h.createQuery(
                      "SELECT c.id, c.subscription_id, c.resource_group, c.cluster_rp,"
                          + " c.cluster_resource_name, c.cluster_name, c.last_seen_at"
                          + " FROM clusters c WHERE c.resource_key = :key")
                  .bind("key", ref.key())
                  .map(FleetQuery::base)
                  .list();
          return rows(h, base, "").stream().findFirst();
        });
  }

  private record Base(String id, ClusterRef ref, Instant storedLastSeen) {}

  private record Config(String name, String compliance) {}

  private List<Fleet.Row> rows(Handle h, List<Base> base, String q) {
    if (base.isEmpty()) {
      return List.of();
    }
    List<String> ids = base.stream().map(Base::id).toList();
    Map<String, List<Config>> configs = new HashMap<>();
    h.createQuery(
            "SELECT cluster_id, name, compliance_state FROM flux_configurations"
                + " WHERE cluster_id IN (<ids>) ORDER BY name")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getString(1), new Config(rs.getString(2), rs.getString(3))))
        .forEach(
            e -> configs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    Map<String, Fleet.Extension> extensions = new HashMap<>();
    h.createQuery(
            "SELECT cluster_id, name, provisioning_state, body, status FROM extensions"
                + " WHERE cluster_id IN (<ids>) ORDER BY name")
        .bindList("ids", ids)
        .map(
            (rs, ctx) -> {
              JsonNode body = Json.tree(rs.getString(4));
              String type = body.path("properties").path("extensionType").asText("");
              if (!"microsoft.flux".equalsIgnoreCase(type)) {
                return null;
              }
              String status = rs.getString(5);
              String version =
                  status == null ? null : Json.tree(status).path("currentVersion").asText(null);
              return Map.entry(
                  rs.getString(1), new Fleet.Extension(rs.getString(2), rs.getString(3), version));
            })
        .forEach(
            e -> {
              if (e != null) {
                extensions.putIfAbsent(e.getKey(), e.getValue());
              }
            });
    String needle = q.toLowerCase(Locale.ROOT);
    List<Fleet.Row> out = new ArrayList<>(base.size());
    for (Base b : base) {
      Instant lastSeen = connectivity.lastSeen(b.id(), b.storedLastSeen());
      boolean offline = connectivity.offline(lastSeen);
      Map<String, Integer> counts = new LinkedHashMap<>();
      List<String> attention = new ArrayList<>();
      List<String> matching = new ArrayList<>();
      for (Config c : configs.getOrDefault(b.id(), List.of())) {
        String state = offline || c.compliance() == null ? ComplianceState.UNKNOWN : c.compliance();
        counts.merge(state, 1, Integer::sum);
        if (!offline
            && !ComplianceState.COMPLIANT.equals(state)
            && attention.size() < NAMES_SHOWN) {
          attention.add(c.name());
        }
        if (!needle.isEmpty() && c.name().contains(needle) && matching.size() < NAMES_SHOWN) {
          matching.add(c.name());
        }
      }
      out.add(
          new Fleet.Row(
              b.id(),
              b.ref(),
              lastSeen,
              offline,
              extensions.get(b.id()),
              counts,
              attention,
              matching));
    }
    return out;
  }

  /**
   * The SQL condition for a filter. Offline is decided on the stored last-seen time here (the
   * service writes it at least every fifth of the threshold), and on the fresher one in memory when
   * shown.
   */
  private String where(Fleet.Filter f, Instant now, Map<String, Object> binds) {
    List<String> and = new ArrayList<>();
    and.add("1 = 1");
    Instant cutoff = now.minus(connectivity.offlineAfter());
    String online = "c.last_seen_at > :cutoff";
    String offline = "(c.last_seen_at IS NULL OR c.last_seen_at <= :cutoff)";
    if (!f.q().isEmpty()) {
      binds.put("q", "%" + likeEscape(f.q().toLowerCase(Locale.ROOT)) + "%");
      and.add(
          "(LOWER(c.cluster_name) LIKE :q ESCAPE '!' OR LOWER(c.resource_group) LIKE :q ESCAPE"
              + " '!' OR LOWER(c.subscription_id) LIKE :q ESCAPE '!' OR EXISTS (SELECT 1 FROM"
              + " flux_configurations f WHERE f.cluster_id = c.id AND f.name LIKE :q ESCAPE"
              + " '!'))");
    }
    if (f.reach() != null) {
      and.add(f.reach() == Fleet.Reach.ONLINE ? online : offline);
    }
    if (f.compliance() != null) {
      binds.put("compliance", f.compliance());
      String has =
          "EXISTS (SELECT 1 FROM flux_configurations f WHERE f.cluster_id = c.id AND "
              + (ComplianceState.UNKNOWN.equals(f.compliance())
                  ? "(f.compliance_state = :compliance OR f.compliance_state IS NULL))"
                  : "f.compliance_state = :compliance)");
      and.add(
          ComplianceState.UNKNOWN.equals(f.compliance())
              ? "("
                  + has
                  + " OR ("
                  + offline
                  + " AND EXISTS (SELECT 1 FROM flux_configurations g"
                  + " WHERE g.cluster_id = c.id)))"
              : "(" + online + " AND " + has + ")");
    }
    String sql = String.join(" AND ", and);
    if (sql.contains(":cutoff")) {
      binds.put("cutoff", Database.ts(cutoff));
    }
    return sql;
  }

  /**
   * The SQL condition for clusters inside any of the ARM scopes (a subscription, a resource group
   * or a cluster), compared as ARM compares ids, without case.
   */
  static String within(List<String> scopes, Map<String, Object> binds) {
    if (scopes == null) {
      return "1 = 1";
    }
    List<String> any = new ArrayList<>();
    for (String scope : scopes) {
      String[] p = scope.toLowerCase(Locale.ROOT).replaceAll("^/+|/+$", "").split("/");
      if (p.length < 2 || !p[0].equals("subscriptions")) {
        continue;
      }
      int i = any.size();
      List<String> and = new ArrayList<>();
      binds.put("scopeSub" + i, p[1]);
      and.add("LOWER(c.subscription_id) = :scopeSub" + i);
      if (p.length >= 4 && p[2].equals("resourcegroups")) {
        binds.put("scopeRg" + i, p[3]);
        and.add("LOWER(c.resource_group) = :scopeRg" + i);
      }
      if (p.length >= 8 && p[4].equals("providers")) {
        binds.put("scopeName" + i, p[7]);
        and.add("LOWER(c.cluster_resource_name) = :scopeName" + i);
      }
      any.add("(" + String.join(" AND ", and) + ")");
    }
    return any.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", any) + ")";
  }

  static String likeEscape(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static Base base(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws SQLException {
    OffsetDateTime seen = rs.getObject("last_seen_at", OffsetDateTime.class);
    return new Base(
        rs.getString("id"), ClusterRepository.ref(rs), seen == null ? null : seen.toInstant());
  }
}
