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

  /**
   * When a fleet reconnects at once (10,000 agents after the service restarts), connections wait in
   * the kernel's accept queue while the service is busy. At Java's default queue of 50 the queue
   * overflowed, the kernel dropped connections the agents had already sent a report on, and the
   * reports ended without an answer (10 to 47 of them in the benchmark's 10-second ramp). The
   * queue's length is what {@code ss} shows as a listening socket's Send-Q.
   */
  @Test
  void theListeningSocketQueuesAFleetReconnectingAtOnce() throws Exception {
    Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isReadable(somaxconn), "SKIPPED: not Linux, no somaxconn to read");
    // read by lines: Files.readString gave only the first byte of this procfs file
    int cap = Integer.parseInt(java.nio.file.Files.readAllLines(somaxconn).get(0).trim());
    try (ConfigurationServer server =
        ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(dir))) {
      int port = URI.create(server.url()).getPort();
      Process ss;
      try {
        ss =
            new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
      } catch (java.io.IOException e) {
        org.junit.jupiter.api.Assumptions.abort(
            "SKIPPED: no ss (iproute2) to read the queue: " + e);
        return;
      }
      String listening = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(ss.waitFor()).as(listening).isZero();
      // LISTEN <Recv-Q> <Send-Q: the accept queue's length> <local address> <peer address>
      String[] columns = listening.trim().split("\\s+");
      assertThat(Integer.parseInt(columns[2]))
          .as("the accept queue of %s", listening.trim())
          .isEqualTo(Math.min(4096, cap));
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
