package io.flotilla.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.postgresql.ds.PGSimpleDataSource;

/** The store: an H2 file (default) or PostgreSQL, migrated by Flyway, used through Jdbi. */
public final class Database implements AutoCloseable {
  private final String url;
  private final DataSource dataSource;
  private final Jdbi jdbi;

  private Database(String url, DataSource dataSource) {
    this.url = url;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    if (dataSource instanceof HikariDataSource) {
      jdbi.setTransactionHandler(new DatabaseTimeouts.Deadline(jdbi.getTransactionHandler()));
    }
  }

  /**
   * The H2 file URL under {@code dataDir}, in PostgreSQL mode so one SQL dialect serves both. H2
   * would close the file from a JVM shutdown hook of its own, racing ours ("Database is already
   * closed" while the last writes flush): the service closes it, last. {@code WRITE_DELAY=0}: H2
   * otherwise writes committed transactions to the file up to 500 ms later, from a background
   * thread, so a write already answered 201 was lost to {@code kill -9}. With 0 the commit itself
   * writes the change to the file (the operating system has it before the answer; H2 does not fsync
   * each commit, so a power cut can still lose the last ones).
   */
  public static String h2Url(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("flotilla")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }

  /** Opens the database and applies pending migrations. */
  public static Database open(String url) {
    DataSource ds;
    if (url.startsWith("jdbc:h2:")) {
      H2Files.refuseEmpty(url);
      // H2's own pool keeps the file open between requests instead of reopening it each time.
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "", "");
      pool.setMaxConnections(32);
      ds = pool;
    } else if (url.startsWith("jdbc:postgresql:")) {
      // Migrations run without the request timeouts: replicas starting together wait for
      // Flyway's lock longer than a request may.
      PGSimpleDataSource plain = new PGSimpleDataSource();
      plain.setURL(url);
      Flyway.configure().dataSource(plain).locations("classpath:db/migration").load().migrate();
      HikariConfig cfg = new HikariConfig();
      cfg.setDataSource(bounded(url));
      cfg.setPoolName("flotilla");
      cfg.setMaximumPoolSize(16);
      // A request waits at most this long for a connection, then gets a retryable 503 (Hikari
      // waits 30 s by default, after which a client has long given up).
      cfg.setConnectionTimeout(DatabaseTimeouts.CONNECT.toMillis());
      cfg.setValidationTimeout(Math.min(DatabaseTimeouts.CONNECT.toMillis(), 2_000));
      return new Database(url, new HikariDataSource(cfg));
    } else {
      throw new IllegalArgumentException(
          "Unsupported database URL '"
              + redact(url)
              + "': use jdbc:postgresql://host:port/db?user=… or leave it empty for the H2 file.");
    }
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      closeQuietly(ds);
      throw url.startsWith("jdbc:h2:") ? H2Files.explain(url, e) : e;
    }
    return new Database(url, ds);
  }

  /**
   * PostgreSQL with {@link DatabaseTimeouts}: connect and socket timeouts in the driver, statement,
   * lock and idle-in-transaction timeouts in the session (added to options the URL gives).
   */
  static PGSimpleDataSource bounded(String url) {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url);
    pg.setConnectTimeout((int) DatabaseTimeouts.CONNECT.toSeconds());
    pg.setLoginTimeout((int) DatabaseTimeouts.CONNECT.toSeconds());
    pg.setSocketTimeout((int) DatabaseTimeouts.SOCKET.toSeconds());
    pg.setTcpKeepAlive(true);
    String given = pg.getOptions();
    pg.setOptions(
        (given == null || given.isBlank() ? "" : given + " ") + DatabaseTimeouts.sessionOptions());
    return pg;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public String url() {
    return url;
  }

  /**
   * The values of an {@code IN (<list>)} binding, padded to the next power of two by repeating the
   * last one (the same rows match). Each list length renders a different SQL text, which Jdbi
   * parses and caches anew: groups of 1 to 250 ids made hundreds of texts per query and the
   * parser's cache thrashed; padded, a query has at most nine.
   */
  public static <T> java.util.List<T> inList(java.util.Collection<T> values) {
    java.util.List<T> out = new java.util.ArrayList<>(values);
    if (out.isEmpty()) {
      return out;
    }
    int size = Integer.highestOneBit(out.size());
    if (size < out.size()) {
      size <<= 1;
    }
    T last = out.get(out.size() - 1);
    while (out.size() < size) {
      out.add(last);
    }
    return out;
  }

  public static OffsetDateTime ts(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  /**
   * Runs {@code sql} once per row, bound by {@code bind}, in one batch (one round trip); nothing
   * when there are no rows.
   */
  public static <T> void batch(
      Handle h, String sql, Iterable<T> rows, BiConsumer<PreparedBatch, T> bind) {
    var it = rows.iterator();
    if (!it.hasNext()) {
      return;
    }
    PreparedBatch b = h.prepareBatch(sql);
    it.forEachRemaining(
        row -> {
          bind.accept(b, row);
          b.add();
        });
    b.execute();
  }

  /** A timestamp column as an instant (null stays null). */
  public static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** Hides a password in a JDBC URL before it reaches a message or a log. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(?i)(//[^:/@]+:)[^@/]*@", "$1***@");
  }

  @Override
  public void close() {
    closeQuietly(dataSource);
  }

  private static void closeQuietly(DataSource dataSource) {
    if (dataSource instanceof JdbcConnectionPool pool) {
      pool.dispose();
    } else if (dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
