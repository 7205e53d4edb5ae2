package io.flotilla.source.bucket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A test server process (s3rver, Azurite, docker-registry) on 127.0.0.1 and a free port, found in
 * the tools cache that {@code .ci/run} fills ({@code $FLOTILLA_TOOLS}, default {@code
 * ~/.cache/flotilla-tools}).
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

  /** The npm tool's launcher, or null when it is not installed. */
  public static Path npmTool(String name) {
    String root = System.getenv("FLOTILLA_TOOLS");
    Path dir =
        root == null || root.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "flotilla-tools")
            : Path.of(root);
    Path bin = dir.resolve("node_modules").resolve(".bin").resolve(name);
    return Files.isExecutable(bin) ? bin : null;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code command} (with {@code {port}} replaced) and waits until the port accepts. */
  public static LocalServer start(Path workDir, List<String> command) throws IOException {
    return start(workDir, command, freePort());
  }

  public static LocalServer start(Path workDir, List<String> command, int port) throws IOException {
    List<String> cmd = new ArrayList<>();
    for (String c : command) {
      cmd.add(c.replace("{port}", Integer.toString(port)));
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
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IOException("server " + cmd.get(0) + " exited: " + Files.readString(log).strip());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100); // polling a port; nothing to wait on with Awaitility here
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    server.close();
    throw new IOException("server " + cmd.get(0) + " did not listen on port " + port);
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
