package io.flotilla.e2e;

import static org.awaitility.Awaitility.await;

import io.flotilla.app.Main;
import io.flotilla.testkit.ChildJava;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `flotilla …` as its own process, as a user runs it (the launcher's {@code java … Main}), with its
 * output in a file: for what only a process shows — a lock held by another process, what is printed
 * while it stops, a command that waits.
 */
final class FlotillaProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  private FlotillaProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code flotilla args…} with {@code FLOTILLA_CONFIG} under {@code dir}. */
  static FlotillaProcess start(Path dir, String... args) throws IOException {
    Files.createDirectories(dir);
    Path out = Files.createTempFile(dir, "flotilla-", ".log");
    ProcessBuilder pb =
        ChildJava.of(Main.class, List.of("-XX:+UseSerialGC", "-Xmx512m"), args)
            .redirectOutput(out.toFile())
            .directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("FLOTILLA_CONFIG", dir.resolve("cli-config").toString());
    env.put("HOME", dir.toString());
    return new FlotillaProcess(pb.start(), out);
  }

  long pid() {
    return process.pid();
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until the output contains {@code text}; fails early, with the output, if it exits. */
  void awaitOutput(String text, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              String now = output();
              if (now.contains(text)) {
                return true;
              }
              if (!process.isAlive()) {
                throw new AssertionError(
                    "exited " + process.exitValue() + " before printing '" + text + "':\n" + now);
              }
              return false;
            });
  }

  /** Waits for the process to end by itself; its exit code. */
  int awaitExit(Duration atMost) throws InterruptedException {
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + atMost + ":\n" + output());
    }
    return process.exitValue();
  }

  /** SIGTERM, as Ctrl-C or a service manager stops it; the exit code. */
  int stop(Duration atMost) throws InterruptedException {
    process.destroy();
    return awaitExit(atMost);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
