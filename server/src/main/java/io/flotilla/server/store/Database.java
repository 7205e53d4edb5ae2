package io.flotilla.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
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
  }

  /**
   * The H2 file URL under {@code dataDir}, in PostgreSQL mode so one SQL dialect serves both.
   * {@code WRITE_DELAY=0}: H2 otherwise writes committed transactions to the file up to 500 ms
   * later, from a background thread, so a write already answered 201 was lost to {@code kill -9}.
   * With 0 the commit itself writes the change to the file (the operating system has it before the
   * answer; H2 does not fsync each commit, so a power cut can still lose the last ones).
   */
  public static String h2Url(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("flotilla")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
  }

  /** Opens the database and applies pending migrations. */
  public static Database open(String url) {
    DataSource ds;
    if (url.startsWith("jdbc:h2:")) {
      // H2's own pool keeps the file open between requests instead of reopening it each time.
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "", "");
      pool.setMaxConnections(32);
      ds = pool;
    } else if (url.startsWith("jdbc:postgresql:")) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setURL(url);
      HikariConfig cfg = new HikariConfig();
      cfg.setDataSource(pg);
      cfg.setPoolName("flotilla");
      cfg.setMaximumPoolSize(16);
      ds = new HikariDataSource(cfg);
    } else {
      throw new IllegalArgumentException(
          "Unsupported database URL '"
              + redact(url)
              + "': use jdbc:postgresql://host:port/db?user=… or leave it empty for the H2 file.");
    }
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return new Database(url, ds);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public String url() {
    return url;
  }

  public static OffsetDateTime ts(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
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
