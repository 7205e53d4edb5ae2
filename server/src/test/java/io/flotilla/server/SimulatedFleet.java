package io.flotilla.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.agent.AgentApi;
import io.flotilla.api.arm.ClusterRef;
import java.util.concurrent.CompletableFuture;

/**
 * Agents simulated at the protocol level: each long-polls its desired state with the ETag it holds
 * and reports status, as the real agent does, over HTTP.
 */
final class SimulatedFleet {
  private SimulatedFleet() {}

  record Agent(String clusterId, Api api, ClusterRef ref) {
    /** The cluster's ARM resource id. */
    String path() {
      return ref.resourceId();
    }

    String desiredPath() {
      return AgentApi.desiredPath(clusterId);
    }

    String statusPath() {
      return AgentApi.statusPath(clusterId);
    }

    /** The desired state now, without waiting. */
    Api.Response desired() {
      return api.get(desiredPath());
    }

    Api.Response heartbeat() {
      return api.post(AgentApi.heartbeatPath(clusterId), null);
    }

    /** Posts a status report. */
    Api.Response status(String report) {
      return api.post(statusPath(), report);
    }

    /** Long-polls until the desired state holds configuration {@code name}; completes with it. */
    CompletableFuture<JsonNode> awaitConfiguration(String name) {
      return poll(name, null);
    }

    /**
     * Fetches the desired state once now (as an agent does when it connects), then long-polls from
     * its ETag until configuration {@code name} is there.
     */
    CompletableFuture<JsonNode> connectAndAwait(String name) {
      var first = api.get(desiredPath());
      JsonNode c = first.status() == 200 ? configuration(first.json(), name) : null;
      return c != null
          ? CompletableFuture.completedFuture(c)
          : poll(name, first.status() == 200 ? first.header("ETag") : null);
    }

    private CompletableFuture<JsonNode> poll(String name, String etag) {
      return api.getAsync(desiredPath() + "?waitSeconds=20", etag)
          .thenCompose(
              r -> {
                if (r.status() == 200) {
                  JsonNode c = configuration(r.json(), name);
                  if (c != null) {
                    return CompletableFuture.completedFuture(c);
                  }
                  return poll(name, r.header("ETag"));
                }
                if (r.status() == 304) {
                  return poll(name, etag);
                }
                if (r.status() == 503) {
                  // as the agent does: back off (500 ms, its first step) and poll again
                  return CompletableFuture.supplyAsync(
                          () -> null,
                          CompletableFuture.delayedExecutor(
                              500, java.util.concurrent.TimeUnit.MILLISECONDS))
                      .thenCompose(x -> poll(name, etag));
                }
                return CompletableFuture.failedFuture(
                    new AssertionError("desired state answered " + r.status() + ": " + r.body()));
              });
    }

    /** Reports {@code name} applied at {@code version} in {@code compliance}. */
    int report(String name, long version, String compliance) {
      String body =
          """
          {"configurations":[{"name":"%s","appliedVersion":%d,"provisioningState":"Succeeded",
            "complianceState":"%s","sourceSyncedCommitId":"main@sha1:0ba6f0d3a1","statuses":[]}]}
          """
              .formatted(name, version, compliance);
      return status(body).status();
    }

    /** Confirms that {@code name} was removed from the cluster. */
    int reportDeleted(String name) {
      return status("{\"configurations\":[{\"name\":\"" + name + "\",\"deleted\":true}]}").status();
    }
  }

  static JsonNode configuration(JsonNode desired, String name) {
    for (JsonNode c : desired.path("configurations")) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** Registers the cluster in process and issues its agent a token. */
  static Agent connect(ConfigurationServer server, ClusterRef ref) {
    var cluster = server.clusters().register(ref, "westeurope");
    String token = server.clusters().issueAgentToken(cluster.clusterId());
    return new Agent(cluster.clusterId(), new Api(server.url(), token), ref);
  }
}
