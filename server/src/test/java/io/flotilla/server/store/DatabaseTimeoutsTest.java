package io.flotilla.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseTimeoutsTest {
  @Test
  void aDatabaseThatCannotBeReachedIsToldApartFromABug() {
    var refused =
        new ConnectionException(
            new SQLTransientConnectionException(
                "flotilla - Connection is not available, request timed out after 3000ms.",
                new SQLException(
                    "Connection to 127.0.0.1:5432 refused. Check that the hostname and port are"
                        + " correct\nand that the postmaster is accepting TCP/IP connections.",
                    "08001")));
    assertThat(DatabaseTimeouts.unavailable(refused))
        .contains(
            "no database connection within 3 seconds: Connection to 127.0.0.1:5432 refused. Check"
                + " that the hostname and port are correct");
    assertThat(
            DatabaseTimeouts.unavailable(
                new RuntimeException(
                    new SQLException(
                        "ERROR: canceling statement due to statement timeout", "57014"))))
        .contains("ERROR: canceling statement due to statement timeout");
    assertThat(
            DatabaseTimeouts.unavailable(
                new SQLException("terminating connection due to administrator command", "57P01")))
        .isPresent();
    assertThat(DatabaseTimeouts.unavailable(new SQLException("duplicate key", "23505"))).isEmpty();
    assertThat(DatabaseTimeouts.unavailable(new IllegalStateException("bug"))).isEmpty();
  }

  @Test
  void aTransactionPastItsDeadlineIsRolledBackNotCommitted() {
    var jdbi = org.jdbi.v3.core.Jdbi.create("jdbc:h2:mem:deadline;DB_CLOSE_DELAY=-1");
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    jdbi.setTransactionHandler(
        new DatabaseTimeouts.Deadline(
            jdbi.getTransactionHandler(), java.time.Duration.ofMillis(100), now::get));
    jdbi.useHandle(h -> h.execute("CREATE TABLE writes (id INT)"));

    jdbi.useTransaction(h -> h.execute("INSERT INTO writes VALUES (1)"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      h.execute("INSERT INTO writes VALUES (2)");
                      now.addAndGet(300_000_000L); // a database that answered too slowly
                    }))
        .isInstanceOf(DatabaseTimeouts.Exceeded.class)
        .satisfies(e -> assertThat(DatabaseTimeouts.unavailable(e)).isPresent());

    java.util.List<Integer> stored =
        jdbi.withHandle(h -> h.createQuery("SELECT id FROM writes").mapTo(Integer.class).list());
    assertThat(stored).containsExactly(1);
  }

  @Test
  void postgresqlSessionsCarryTheBounds() {
    var pg = Database.bounded("jdbc:postgresql://127.0.0.1:1/db?user=u&options=-c%20search_path=x");
    assertThat(pg.getConnectTimeout()).isEqualTo(3);
    assertThat(pg.getSocketTimeout()).isEqualTo(15);
    assertThat(pg.getOptions())
        .startsWith("-c search_path=x ")
        .contains("-c statement_timeout=8000")
        .contains("-c lock_timeout=8000")
        .contains("-c idle_in_transaction_session_timeout=15000");
  }
}
