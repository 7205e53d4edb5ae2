package io.flotilla.server;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The databases the service ITs run against: the H2 file always, and PostgreSQL as well when {@code
 * FLOTILLA_TEST_DATABASE_URL} points at one (as {@code .ci/run} does).
 */
final class TestDatabases {
  static final String POSTGRESQL_URL = System.getenv("FLOTILLA_TEST_DATABASE_URL");

  private TestDatabases() {}

  /** A null URL means the server's default H2 file in its data directory. */
  static List<Arguments> all() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.argumentSet("H2", (Object) null));
    if (POSTGRESQL_URL != null && !POSTGRESQL_URL.isBlank()) {
      out.add(Arguments.argumentSet("PostgreSQL", POSTGRESQL_URL));
    }
    return out;
  }
}
