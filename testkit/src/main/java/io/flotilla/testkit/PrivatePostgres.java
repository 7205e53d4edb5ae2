package io.flotilla.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster of the test's own on 127.0.0.1, which the test may stop and start
 * (the shared one named by {@code FLOTILLA_TEST_DATABASE_URL} must stay up for everyone else).
 * Built as {@code .ci/run} builds its own: {@code initdb} and {@code pg_ctl} from {@code
 * FLOTILLA_PG_BIN} or the newest {@code /usr/lib/postgresql/*}{@code /bin}, run as the {@code
 * postgres} user when the test runs as root. Without them the test is skipped, saying why.
 */
public final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /**
   * Creates and starts the cluster with a database {@code flotilla}; skips the test if it can't.
   */
  public static PrivatePostgres startOrSkip() throws Exception {
    Path bin = findBin();
    Assumptions.assumeTrue(
        bin != null,
        "SKIPPED: no PostgreSQL server binaries (initdb, pg_ctl): set FLOTILLA_PG_BIN or install"
            + " the postgresql package");
    boolean root = "root".equals(System.getProperty("user.name"));
    Assumptions.assumeTrue(
        !root || Files.isExecutable(Path.of("/usr/sbin/runuser")),
        "SKIPPED: running as root without runuser, so initdb cannot run as postgres");
    Path dir = Files.createTempDirectory("flotilla-pg");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    PrivatePostgres pg = new PrivatePostgres(bin, dir, freePort(), root);
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()), 30);
    }
    pg.pg(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            pg.data(),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8"),
        120);
    pg.start();
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres?user=postgres")) {
      c.createStatement().execute("CREATE DATABASE flotilla");
    }
    return pg;
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/flotilla?user=postgres";
  }

  public void start() throws Exception {
    pg(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data(),
            "-l",
            dir.resolve("postgres.log").toString(),
            "-o",
            "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir,
            "-w",
            "start"),
        60);
  }

  /** A fast shutdown: connections are cut, as in a crash or a failover. */
  public void stop() throws Exception {
    pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop"), 60);
  }

  /** Stops at once, as a crash would: the next start replays PostgreSQL's own log. */
  public void crash() throws Exception {
    pg(
        List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"),
        60);
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        stop();
      }
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void pg(List<String> command, int seconds) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full, seconds);
  }

  private static void run(List<String> command, int seconds) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command + " did not finish within " + seconds + " s");
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (p.exitValue() != 0) {
      throw new IOException(command + " failed (" + p.exitValue() + "): " + out);
    }
  }

  private static Path findBin() throws IOException {
    String env = System.getenv("FLOTILLA_PG_BIN");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(PrivatePostgres::versionOf))
          .orElse(null);
    }
  }

  private static Integer versionOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
