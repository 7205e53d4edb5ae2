package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.agent.AgentApi;
import io.flotilla.api.arm.ClusterRef;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection an agent keeps alive between its heartbeats. The agent (and the JDK client it
 * uses) sends a heartbeat or a status report every 30 s on a kept-alive connection, and does not
 * resend a POST whose connection ended without an answer: the service must not close a connection
 * that has been idle for that long. At Jetty's default idle timeout (30 s) it did, racing the
 * agent's next request — in the 10,000-cluster benchmark 249 simulated agents saw "header parser
 * received no bytes" that way.
 */
class AgentConnectionIT {
  /** The agent's default heartbeat interval (AgentOptions), plus a margin for a slow machine. */
  static final Duration AGENT_CADENCE = Duration.ofSeconds(30 + 3);

  @TempDir Path dir;

  @Test
  void aConnectionIdleForTheAgentsHeartbeatIntervalStillAnswersTheNextHeartbeat() throws Exception {
    try (ConfigurationServer server =
        ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(dir))) {
      var agent =
          SimulatedFleet.connect(
              server,
              new ClusterRef("sub", "rg", "Microsoft.Kubernetes", "connectedClusters", "edge"));
      URI u = URI.create(server.url());
      String heartbeat =
          "POST "
              + AgentApi.heartbeatPath(agent.clusterId())
              + " HTTP/1.1\r\nHost: "
              + u.getHost()
              + ":"
              + u.getPort()
              + "\r\nAuthorization: Bearer "
              + agent.api().token()
              + "\r\nContent-Length: 0\r\n\r\n";
      try (Socket socket = new Socket(u.getHost(), u.getPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        var in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out.write(heartbeat.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(answer(in)).startsWith("HTTP/1.1 204");
        // The time idle is what is tested here: no condition to wait on instead.
        Thread.sleep(AGENT_CADENCE.toMillis());
        out.write(heartbeat.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(answer(in))
            .as("the next heartbeat on the same connection, %s later", AGENT_CADENCE)
            .startsWith("HTTP/1.1 204");
      }
    }
  }

  /** The status line of one answer without a body (its headers read past); null at EOF. */
  private static String answer(BufferedReader in) throws java.io.IOException {
    String status = in.readLine();
    for (String h = status == null ? "" : in.readLine(); h != null && !h.isEmpty(); ) {
      h = in.readLine();
    }
    return status == null ? "(connection closed without an answer)" : status;
  }
}
