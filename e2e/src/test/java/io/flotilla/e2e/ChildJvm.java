package io.flotilla.e2e;

import io.flotilla.testkit.ChildJava;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process to kill: a {@code main} on this test's class path in a JVM of its own, its output
 * appended to a log file. {@link #kill()} is {@code kill -9}: no shutdown hook, nothing flushed.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;
  private String readyLine;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * {@code main} with {@code dataDir} its one argument, logging to {@code <dataDir>-child.log}
   * beside it; see {@link #start(Class, List, Map, Path, String)}.
   */
  static ChildJvm onDataDir(Class<?> main, Path dataDir, String ready) throws IOException {
    return start(
        main,
        List.of(dataDir.toString()),
        Map.of(),
        dataDir.resolveSibling(dataDir.getFileName() + "-child.log"),
        ready);
  }

  /**
   * Starts {@code main} with {@code args} and extra environment, and waits for the first output
   * line starting with {@code ready}; returns the rest of that line through {@link #readyLine}.
   */
  static ChildJvm start(
      Class<?> main, List<String> args, Map<String, String> env, Path log, String ready)
      throws IOException {
    ProcessBuilder pb =
        ChildJava.of(
            main,
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            args.toArray(String[]::new));
    pb.environment().putAll(env);
    ChildJvm child = new ChildJvm(pb.start(), log);
    child.readyLine = child.awaitLine(ready);
    return child;
  }

  /** The rest of the line {@link #start} waited for. */
  String readyLine() {
    return readyLine;
  }

  private String awaitLine(String prefix) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      append(line);
      if (line.startsWith(prefix)) {
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (String l; (l = out.readLine()) != null; ) {
                      append(l);
                    }
                  } catch (IOException e) {
                    // the process is gone
                  }
                });
        return line.substring(prefix.length()).strip();
      }
    }
    throw new IllegalStateException(
        "the child process ended before printing '" + prefix + "'; see " + log);
  }

  private synchronized void append(String line) {
    try {
      Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the child process survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Asks the process to stop (SIGTERM: shutdown hooks run) and waits for it. */
  int stop(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
