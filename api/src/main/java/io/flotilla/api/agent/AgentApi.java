package io.flotilla.api.agent;

/**
 * The agent protocol between a cluster's agent and the configuration service. Every request carries
 * {@code Authorization: Bearer <agent token>}; the token only opens its own cluster.
 *
 * <ul>
 *   <li>{@code GET /agent/v1/clusters/{clusterId}/desired?waitSeconds=N} with {@code If-None-Match:
 *       <etag>}: 200 with a {@link DesiredState} and an {@code ETag} header, or 304 after up to N
 *       seconds when nothing changed (long-poll).
 *   <li>{@code POST /agent/v1/clusters/{clusterId}/status} with a {@link StatusReport}: 204.
 *   <li>{@code POST /agent/v1/clusters/{clusterId}/heartbeat}: 204.
 * </ul>
 */
public final class AgentApi {
  public static final String PREFIX = "/agent/v1/clusters/";

  private AgentApi() {}

  public static String desiredPath(String clusterId) {
    return PREFIX + clusterId + "/desired";
  }

  public static String statusPath(String clusterId) {
    return PREFIX + clusterId + "/status";
  }

  public static String heartbeatPath(String clusterId) {
    return PREFIX + clusterId + "/heartbeat";
  }
}
