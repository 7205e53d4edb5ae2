package io.flotilla.testkit.git;

import java.nio.file.Path;

/** {@code git daemon} on 127.0.0.1 and a random port, exporting every repository under a root. */
public final class GitDaemon implements AutoCloseable {
  private final Process process;
  private final int port;

  private GitDaemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the daemon over {@code root} (e.g. {@code <base>/repos}); logs go beside it. */
  public static GitDaemon start(Path root) {
    return start(root, false);
  }

  /**
   * As {@link #start(Path)}; {@code writable} also serves pushes (the real {@code
   * git-receive-pack}, so the repositories' server-side hooks run).
   */
  public static GitDaemon start(Path root, boolean writable) {
    int port = Processes.freePort();
    Path log = root.resolveSibling("git-daemon-" + port + ".log");
    try {
      Process p =
          Processes.builder(
                  "git",
                  "daemon",
                  "--reuseaddr",
                  writable ? "--enable=receive-pack" : "--forbid-override=receive-pack",
                  "--export-all",
                  "--base-path=" + root,
                  "--listen=127.0.0.1",
                  "--port=" + port,
                  root.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Processes.awaitPort(port, p, log);
      return new GitDaemon(p, port);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot start git daemon", e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code git://127.0.0.1:<port>/<name>.git} */
  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name + ".git";
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
