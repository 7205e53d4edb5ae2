package io.flotilla.source.bucket;

import static org.awaitility.Awaitility.await;

import io.flotilla.testkit.git.Processes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A test server process (s3rver, Azurite, docker-registry) on 127.0.0.1 and a free port; testkit's
 * {@code Processes.npmTool} finds the npm ones in the tools cache that {@code .ci/run} fills.
 */
public final class LocalServer implements AutoCloseable {
  private final Process process;
  public final int port;
  public final Path log;

  private LocalServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Azurite's blob service ({@code bin}) on a free loopback port, its data under {@code
   * work/azurite}; {@code options} go before the quiet flags (TLS, OAuth).
   */
  public static LocalServer azurite(Path bin, Path work, String... options) throws IOException {
    return start(work.resolve("azurite"), Processes.azurite(bin, options));
  }

  /**
   * Starts {@code command} (with {@code {port}} and {@code {dir}} replaced) and waits until the
   * port accepts.
   */
  public static LocalServer start(Path workDir, List<String> command) throws IOException {
    return start(workDir, command, Processes.freePort());
  }

  public static LocalServer start(Path workDir, List<String> command, int port) throws IOException {
    List<String> cmd = new ArrayList<>();
    for (String c : command) {
      cmd.add(c.replace("{port}", Integer.toString(port)).replace("{dir}", workDir.toString()));
    }
    Files.createDirectories(workDir);
    Path log = workDir.resolve("server.log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalServer server = new LocalServer(p, port, log);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> listening(p, port, log, cmd.get(0)));
      return server;
    } catch (ConditionTimeoutException e) {
      server.close();
      throw new IOException("server " + cmd.get(0) + " did not listen on port " + port);
    } catch (IllegalStateException exited) {
      server.close();
      throw new IOException(exited.getMessage());
    }
  }

  /** True once the port accepts connections; fails fast when the process died. */
  private static boolean listening(Process p, int port, Path log, String name) throws IOException {
    if (!p.isAlive()) {
      throw new IllegalStateException(
          "server " + name + " exited: " + Files.readString(log).strip());
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
