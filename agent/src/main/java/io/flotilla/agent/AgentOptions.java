package io.flotilla.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the agent finds its service and who it is there.
 *
 * @param caFile a PEM bundle of the CAs to trust for an https service with a private CA, or null
 *     for the JDK's trust store
 */
public record AgentOptions(
    URI server,
    String clusterId,
    String token,
    Duration pollWait,
    Duration heartbeatInterval,
    Path caFile) {

  public static AgentOptions of(URI server, String clusterId, String token) {
    return new AgentOptions(
        server, clusterId, token, Duration.ofSeconds(30), Duration.ofSeconds(30), null);
  }

  public AgentOptions withPollWait(Duration d) {
    return new AgentOptions(server, clusterId, token, d, heartbeatInterval, caFile);
  }

  public AgentOptions withHeartbeatInterval(Duration d) {
    return new AgentOptions(server, clusterId, token, pollWait, d, caFile);
  }

  public AgentOptions withCaFile(Path file) {
    return new AgentOptions(server, clusterId, token, pollWait, heartbeatInterval, file);
  }
}
