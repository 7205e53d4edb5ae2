package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.store.Database;
import io.flotilla.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures, not a timed test: how long the dashboard's fleet page takes with 10,000 clusters, as the
 * browser asks for it (HTTP, bearer token). Run by {@code bench/dashboard/run}; its name keeps it
 * out of the normal test runs. Results go to {@code bench/dashboard/README.md} by hand.
 */
class DashboardFleetBench {
  static final int CLUSTERS = Integer.getInteger("clusters", 10_000);
  static final int RUNS = Integer.getInteger("runs", 50);

  @TempDir Path dir;

  @Test
  void firstPageOfTenThousandClusters() {
    String db = System.getenv("FLOTILLA_TEST_DATABASE_URL");
    var clock = new MutableClock(Instant.now());
    try (var server =
        ConfigurationServer.start(
            ServerOptions.defaults()
                .withPort(0)
                .withDataDir(dir)
                .withDatabaseUrl(db == null || db.isBlank() ? Database.h2Url(dir) : db)
                .withOfflineAfter(Duration.ofMinutes(5)),
            clock,
            name -> null)) {
      Api admin = new Api(server.url(), server.adminToken());
      long t0 = System.nanoTime();
      new FleetFixture(admin, UUID.randomUUID().toString())
          .seed(server.databaseUrl(), "edge", CLUSTERS, clock.instant(), 100, 50);
      System.out.printf(
          "seeded %,d clusters in %.1f s (%s)%n",
          CLUSTERS, (System.nanoTime() - t0) / 1e9, db == null ? "H2" : "PostgreSQL");
      assertThat(admin.get("/dashboard/fleet").body()).contains("Clusters 1–50 of ");
      for (String query :
          new String[] {
            "", "?q=edge-0999", "?compliance=Non-Compliant", "?reach=offline", "?page=150"
          }) {
        measure(admin, "/dashboard/fleet" + query);
      }
    }
  }

  static void measure(Api admin, String path) {
    for (int i = 0; i < 20; i++) {
      assertThat(admin.get(path).status()).isEqualTo(200);
    }
    long[] ms = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      assertThat(admin.get(path).status()).isEqualTo(200);
      ms[i] = (System.nanoTime() - t) / 1_000;
    }
    Arrays.sort(ms);
    System.out.printf(
        "%-45s p50 %6.1f ms  p90 %6.1f ms  max %6.1f ms%n",
        path, ms[RUNS / 2] / 1e3, ms[RUNS * 9 / 10] / 1e3, ms[RUNS - 1] / 1e3);
  }
}
