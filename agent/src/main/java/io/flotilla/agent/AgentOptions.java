package io.flotilla.agent;

import java.net.URI;
import java.time.Duration;

/** Where the agent finds its service and who it is there. */
public record AgentOptions(
    URI server, String clusterId, String token, Duration pollWait, Duration heartbeatInterval) {

  public static AgentOptions of(URI server, String clusterId, String token) {
    return new AgentOptions(
        server, clusterId, token, Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  public AgentOptions withPollWait(Duration d) {
    return new AgentOptions(server, clusterId, token, d, heartbeatInterval);
  }

  public AgentOptions withHeartbeatInterval(Duration d) {
    return new AgentOptions(server, clusterId, token, pollWait, d);
  }
}
