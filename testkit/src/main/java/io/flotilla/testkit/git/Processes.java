package io.flotilla.testkit.git;

import io.flotilla.gitenv.GitEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Small helpers the test servers share: free ports, readiness, running a command. */
public final class Processes {
  private Processes() {}

  /**
   * A process builder for {@code command} whose environment lacks the repository variables a
   * surrounding git (a hook, {@code git bisect run}) exported, so a git it runs, directly or as a
   * server's child, works in the repositories it is given, never in the developer's own.
   */
  public static ProcessBuilder builder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    GitEnvironment.scrub(pb.environment());
    return pb;
  }

  public static ProcessBuilder builder(String... command) {
    return builder(List.of(command));
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  public static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static void awaitPort(int port, Process process, Path log) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (process != null && !process.isAlive()) {
                throw new IllegalStateException(
                    "server exited with " + process.exitValue() + ": " + read(log));
              }
              return accepts(port);
            });
  }

  /**
   * The launcher of npm tool {@code name} in the tools cache that {@code .ci/run} fills ({@code
   * $FLOTILLA_TOOLS}, default {@code ~/.cache/flotilla-tools}), or null when it is not installed.
   */
  public static Path npmTool(String name) {
    String root = System.getenv("FLOTILLA_TOOLS");
    Path dir =
        root == null || root.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "flotilla-tools")
            : Path.of(root);
    Path bin = dir.resolve("node_modules").resolve(".bin").resolve(name);
    return Files.isExecutable(bin) ? bin : null;
  }

  /** s3rver's command line for {@link #serve}: on 127.0.0.1, its data under the server's dir. */
  public static List<String> s3rver(Path bin) {
    return List.of(
        bin.toString(),
        "--address",
        "127.0.0.1",
        "--port",
        "{port}",
        "--directory",
        "{dir}/data",
        "--silent");
  }

  /**
   * Azurite's blob service's command line for {@link #serve}: on 127.0.0.1, its data under the
   * server's dir; {@code options} (TLS, OAuth) go before the quiet flags.
   */
  public static List<String> azurite(Path bin, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                bin.toString(),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                "{port}",
                "--location",
                "{dir}/data"));
    command.addAll(List.of(options));
    command.addAll(List.of("--skipApiVersionCheck", "--disableTelemetry", "--silent"));
    return command;
  }

  /**
   * Starts a server process in {@code dir} ({@code {port}} and {@code {dir}} in {@code command}
   * filled in, its output in {@code dir/log}) and returns it once {@code port} accepts.
   */
  public static Process serve(Path dir, List<String> command, int port) throws IOException {
    Files.createDirectories(dir);
    List<String> args =
        command.stream()
            .map(c -> c.replace("{port}", Integer.toString(port)).replace("{dir}", dir.toString()))
            .toList();
    Path log = dir.resolve("log");
    Process p =
        builder(args)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitPort(port, p, log);
    } catch (RuntimeException e) {
      stop(p);
      throw e;
    }
    return p;
  }

  public static String read(Path log) {
    try {
      return log != null && Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Runs a command to completion (60 s at most); returns its output or throws with it. */
  public static String run(Path dir, List<String> command) {
    ProcessBuilder pb = builder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String run(Path dir, String... command) {
    return run(dir, List.of(command));
  }

  public static void stop(Process p) {
    if (p == null) {
      return;
    }
    List<ProcessHandle> kids = new ArrayList<>(p.descendants().toList());
    kids.forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The executable that environment variable {@code env} names, when it names one; else the first
   * existing one among the candidates, or null.
   */
  public static Path findOr(String env, String... candidates) {
    String named = System.getenv(env);
    return named != null && Files.isExecutable(Path.of(named)) ? Path.of(named) : find(candidates);
  }

  /** The first existing executable among the candidates, or null. */
  public static Path find(String... candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String c : candidates) {
        String name = Path.of(c).getFileName().toString();
        for (String dir : path.split(java.io.File.pathSeparator)) {
          Path p = Path.of(dir, name);
          if (Files.isExecutable(p)) {
            return p;
          }
        }
      }
    }
    return null;
  }
}
