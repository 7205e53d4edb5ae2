package io.flotilla.server.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * How long the service waits for PostgreSQL, and how it tells an unreachable database from a bug.
 * Every bound is short on purpose: a client that gave up must not see its write applied later, so a
 * transaction that could not finish within {@link #TRANSACTION} is rolled back instead of being
 * committed late, and no request waits longer than {@link #CONNECT} for a connection.
 */
public final class DatabaseTimeouts {
  /** Waiting for a pooled connection, and for a new one to open. */
  public static final Duration CONNECT = Duration.ofSeconds(3);

  /** One statement on the server (statement_timeout), and lock waits (lock_timeout). */
  public static final Duration STATEMENT = Duration.ofSeconds(8);

  /** A whole transaction, from its first statement to its commit. */
  public static final Duration TRANSACTION = Duration.ofSeconds(10);

  /** The socket read timeout: a database that stopped answering mid-request. */
  public static final Duration SOCKET = Duration.ofSeconds(15);

  private DatabaseTimeouts() {}

  /** PostgreSQL's session options for these bounds. */
  static String sessionOptions() {
    return "-c statement_timeout="
        + STATEMENT.toMillis()
        + " -c lock_timeout="
        + STATEMENT.toMillis()
        + " -c idle_in_transaction_session_timeout="
        + SOCKET.toMillis();
  }

  /** Thrown inside a transaction that ran past {@link #TRANSACTION}: it is rolled back. */
  public static final class Exceeded extends RuntimeException {
    Exceeded(Duration limit, Duration took) {
      super(
          "the database did not complete the request within "
              + limit.toMillis()
              + " ms (it took "
              + took.toMillis()
              + " ms)",
          null,
          false,
          false);
    }
  }

  /**
   * Rolls back, instead of committing, a transaction that took longer than {@link #TRANSACTION}.
   */
  static final class Deadline extends DelegatingTransactionHandler {
    private final Duration limit;
    private final LongSupplier nanoTime;

    Deadline(TransactionHandler delegate) {
      this(delegate, TRANSACTION, System::nanoTime);
    }

    /** {@code nanoTime}: the time source, {@link System#nanoTime} outside tests. */
    Deadline(TransactionHandler delegate, Duration limit, LongSupplier nanoTime) {
      super(delegate);
      this.limit = limit;
      this.nanoTime = nanoTime;
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
        throws X {
      long start = nanoTime.getAsLong();
      return super.inTransaction(handle, h -> checked(start, callback.withHandle(h)));
    }

    @Override
    public <R, X extends Exception> R inTransaction(
        Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
      long start = nanoTime.getAsLong();
      return super.inTransaction(handle, level, h -> checked(start, callback.withHandle(h)));
    }

    private <R> R checked(long start, R result) {
      Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
      if (took.compareTo(limit) > 0) {
        throw new Exceeded(limit, took);
      }
      return result;
    }
  }

  /**
   * Why the database is unavailable, when {@code failure} says so (no connection, a connection
   * lost, a timeout, the server shutting down), in one line; empty for any other failure.
   */
  public static Optional<String> unavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof Exceeded) {
        return Optional.of(t.getMessage());
      }
      if (t instanceof SQLTransientConnectionException) {
        return Optional.of(
            "no database connection within " + CONNECT.toSeconds() + " seconds" + cause(t));
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03")
            || state.equals("57014")
            || state.equals("55P03")) {
          return Optional.of(firstLine(sql.getMessage()));
        }
      }
      if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.ConnectException) {
        return Optional.of(firstLine(t.getMessage()));
      }
    }
    return Optional.empty();
  }

  /** The driver's own words (they name the host and port), else the innermost cause's. */
  private static String cause(Throwable t) {
    Throwable root = t;
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (c instanceof SQLException && c.getMessage() != null) {
        return ": " + firstLine(c.getMessage());
      }
      root = c;
    }
    return root == t ? "" : ": " + firstLine(root.getMessage());
  }

  private static String firstLine(String text) {
    if (text == null || text.isBlank()) {
      return "connection failed";
    }
    String line = text.strip().lines().findFirst().orElse(text);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
