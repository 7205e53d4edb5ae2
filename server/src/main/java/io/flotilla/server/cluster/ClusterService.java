package io.flotilla.server.cluster;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ConnectedCluster;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.security.TokenCache;
import io.flotilla.server.security.Tokens;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.Authorship;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/** Connected clusters: the ARM resource, the in-process registry and agent tokens. */
public final class ClusterService {
  private final Connectivity connectivity;

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,62}$");
  static final String SYSTEM_ACTOR = "flotilla";

  private final ServiceContext context;
  private final ClusterRepository clusters = new ClusterRepository();

  private final TokenCache tokenCache;

  /** Told the id of a cluster that was registered or whose tags changed, after the commit. */
  private final List<java.util.function.Consumer<String>> membershipListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public ClusterService(ServiceContext context, TokenCache tokenCache, Connectivity connectivity) {
    this.context = context;
    this.tokenCache = tokenCache;
    this.connectivity = connectivity;
  }

  public record PutResult(boolean created, ConnectedCluster resource, String etag) {}

  public record Tagged(ConnectedCluster resource, String etag) {}

  /** Changes with every PUT of the cluster (the agent's heartbeats do not count). */
  static String etag(ClusterRow row) {
    return "\""
        + Long.toHexString(row.authorship().modifiedAt().toEpochMilli())
        + "-"
        + Integer.toHexString(java.util.Objects.hash(row.location(), row.properties()))
        + "\"";
  }

  public record AgentCredential(String clusterId, String token) {}

  /**
   * Calls {@code listener} with a cluster's id when it is registered or its tags change (not for
   * heartbeats), so that assignments reach a new cluster within seconds.
   */
  public void onMembershipChange(java.util.function.Consumer<String> listener) {
    membershipListeners.add(listener);
  }

  private void membershipChanged(String clusterId) {
    for (var l : membershipListeners) {
      l.accept(clusterId);
    }
  }

  /**
   * Registers (or finds) a connected cluster; idempotent on the {@link ClusterRef}, compared
   * case-insensitively as ARM compares resource ids. Returns the stored row (its id and ref).
   */
  public ClusterRow register(ClusterRef ref, String location) {
    validateRef(ref);
    Stored s = putRow(ref, location, null, null, SYSTEM_ACTOR, false, Preconditions.NONE);
    if (s.created) {
      membershipChanged(s.row.id());
    }
    return s.row;
  }

  /** Issues a fresh agent token for the cluster (the old one stops working); returns it. */
  public String issueAgentToken(String clusterId) {
    String token = Tokens.generate("flt_agent_");
    Instant now = context.clock().instant();
    context.useTransaction(
        h -> {
          ClusterRow c =
              clusters
                  .findById(h, clusterId)
                  .orElseThrow(
                      () -> new IllegalArgumentException("no cluster with id '" + clusterId + "'"));
          clusters.replaceAgentToken(h, clusterId, Tokens.hash(token), now);
          AuditLog.record(
              h,
              now,
              SYSTEM_ACTOR,
              "issueAgentToken",
              c.ref().resourceId(),
              "cluster " + clusterId);
        });
    tokenCache.invalidateCluster(clusterId);
    return token;
  }

  /** ARM PUT of a connected cluster; {@code properties} is the ConnectedCluster properties JSON. */
  public PutResult put(
      ClusterRef ref,
      String location,
      String properties,
      String actor,
      Preconditions preconditions) {
    return put(ref, location, properties, null, actor, preconditions);
  }

  /** ARM PUT with the resource's {@code tags} (a JSON object, or null for none). */
  public PutResult put(
      ClusterRef ref,
      String location,
      String properties,
      String tags,
      String actor,
      Preconditions preconditions) {
    validateRef(ref);
    if (location == null || location.isBlank()) {
      throw new ArmException(
          400,
          "LocationRequired",
          "The location property is required for this definition.",
          "location");
    }
    Stored s = putRow(ref, location, properties, tags, actor, true, preconditions);
    if (s.created || s.tagsChanged) {
      membershipChanged(s.row.id());
    }
    return new PutResult(s.created, render(s.row), etag(s.row));
  }

  public ConnectedCluster get(ClusterRef ref) {
    return getTagged(ref).resource();
  }

  public Tagged getTagged(ClusterRef ref) {
    return context
        .withHandle(h -> clusters.findByRef(h, ref))
        .map(r -> new Tagged(render(r), etag(r)))
        .orElseThrow(() -> ArmErrors.clusterNotFound(ref));
  }

  /** The clusters registered in a subscription ({@code resourceGroup} null: in every group). */
  public List<ConnectedCluster> list(String subscription, String resourceGroup) {
    return context.withHandle(
        h ->
            clusters
                .listInGroup(
                    h, subscription, resourceGroup, "Microsoft.Kubernetes", "connectedClusters")
                .stream()
                .map(this::render)
                .toList());
  }

  /** Deletes the cluster with its configurations, extensions and tokens; false when absent. */
  public boolean delete(ClusterRef ref, String actor, Preconditions preconditions) {
    Instant now = context.clock().instant();
    Optional<String> deleted =
        context.inTransaction(
            h -> {
              var row = lockedByRef(h, ref);
              preconditions.check(row.map(ClusterService::etag));
              if (row.isEmpty()) {
                return Optional.<String>empty();
              }
              clusters.delete(h, row.get().id(), now);
              AuditLog.record(h, now, actor, "delete", row.get().ref().resourceId(), null);
              return Optional.of(row.get().id());
            });
    deleted.ifPresent(context.signals()::changed);
    deleted.ifPresent(tokenCache::invalidateCluster);
    deleted.ifPresent(connectivity::forget);
    return deleted.isPresent();
  }

  /**
   * The cluster {@code ref} names, its row locked and read again: a precondition check must see the
   * last committed version.
   */
  private Optional<ClusterRow> lockedByRef(Handle h, ClusterRef ref) {
    var found = clusters.findByRef(h, ref);
    if (found.isEmpty()) {
      return found;
    }
    clusters.lock(h, found.get().id());
    return clusters.findById(h, found.get().id());
  }

  /** ARM action: a new agent token for a cluster registered over the API. */
  public AgentCredential issueAgentToken(ClusterRef ref) {
    String id =
        context
            .withHandle(h -> clusters.findByRef(h, ref))
            .map(ClusterRow::id)
            .orElseThrow(() -> ArmErrors.clusterNotFound(ref));
    return new AgentCredential(id, issueAgentToken(id));
  }

  ConnectedCluster render(ClusterRow row) {
    ConnectedCluster.Properties stored =
        row.properties() == null
            ? null
            : Json.read(row.properties(), ConnectedCluster.Properties.class);
    Instant seen = connectivity.lastSeen(row.id(), row.lastSeenAt());
    boolean connected = !connectivity.offline(seen);
    return new ConnectedCluster(
        row.ref().resourceId(),
        row.ref().clusterName(),
        row.ref().clusterRp() + "/" + row.ref().clusterResourceName(),
        row.location(),
        new ConnectedCluster.Properties(
            ProvisioningState.SUCCEEDED,
            connected ? "Connected" : "Offline",
            seen == null ? null : seen.toString(),
            stored == null ? null : stored.distribution(),
            stored == null ? null : stored.kubernetesVersion(),
            stored == null ? null : stored.agentVersion()),
        row.tags() == null ? null : row.tagMap());
  }

  private record Stored(boolean created, boolean tagsChanged, ClusterRow row) {
    Stored(boolean created, ClusterRow row) {
      this(created, false, row);
    }
  }

  private Stored putRow(
      ClusterRef ref,
      String location,
      String properties,
      String tags,
      String actor,
      boolean update,
      Preconditions preconditions) {
    for (int attempt = 0; ; attempt++) {
      try {
        return context.inTransaction(
            h -> {
              Instant now = context.clock().instant();
              var existing = lockedByRef(h, ref);
              preconditions.check(existing.map(ClusterService::etag));
              if (existing.isPresent()) {
                ClusterRow e = existing.get();
                if (!update) {
                  return new Stored(false, e);
                }
                clusters.update(h, e.id(), location, properties, tags, now, actor);
                AuditLog.record(h, now, actor, "update", e.ref().resourceId(), null);
                ClusterRow updated = clusters.findById(h, e.id()).orElseThrow();
                return new Stored(false, !e.tagMap().equals(updated.tagMap()), updated);
              }
              ClusterRow row =
                  new ClusterRow(
                      UUID.randomUUID().toString(),
                      ref,
                      location,
                      properties,
                      0,
                      Authorship.created(now, actor),
                      null,
                      tags);
              clusters.insert(h, row);
              AuditLog.record(h, now, actor, "create", ref.resourceId(), "cluster " + row.id());
              return new Stored(true, row);
            });
      } catch (JdbiException e) {
        // Two registrations of the same cluster raced on the unique key: the second finds it.
        if (attempt >= 2) {
          throw e;
        }
      }
    }
  }

  private static void validateRef(ClusterRef ref) {
    if (ref.clusterName() == null || !NAME.matcher(ref.clusterName()).matches()) {
      throw ArmException.invalidProperty(
          "name",
          "The cluster name '"
              + ref.clusterName()
              + "' is invalid: use 1-63 letters, digits, '-', '_' or '.', starting with a letter"
              + " or digit.");
    }
  }
}
