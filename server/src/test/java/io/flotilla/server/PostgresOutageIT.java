package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.testkit.PrivatePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as {@code flotilla server --database-url jdbc:postgresql://…} runs it, with its real
 * PostgreSQL stopped and started underneath: requests fail within a few seconds with a retryable
 * ARM 503 that names the cause, a write answered 503 is never applied afterwards, and the service
 * recovers by itself when the database is back.
 */
class PostgresOutageIT {
  /** The client's patience: more than the service's bounds, far less than Hikari's 30 s default. */
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  PrivatePostgres postgres;
  ConfigurationServer server;
  Api admin;
  String configs;

  @BeforeEach
  void start() throws Exception {
    postgres = PrivatePostgres.startOrSkip();
    server = ConfigurationServer.start(TestServers.options(dataDir, postgres.url()));
    admin = new Api(server.url(), server.adminToken());
    String cluster =
        TestServers.register(admin, TestServers.clusterPath(UUID.randomUUID(), "prod"));
    configs = TestServers.configurations(cluster);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  HttpResponse<String> put(String name) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + v(configs + "/" + name)))
                .timeout(CLIENT_TIMEOUT)
                .header("Authorization", "Bearer " + server.adminToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(GIT_CONFIG))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withPostgresqlDownRequestsFailFastRetryablyAndNothingIsAppliedLater() throws Exception {
    assertThat(put("before").statusCode()).isEqualTo(201);

    postgres.stop();
    long started = System.nanoTime();
    HttpResponse<String> write = put("during");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(write.headers().firstValue("Retry-After")).contains("5");
    var error = io.flotilla.server.http.Json.tree(write.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("ServiceUnavailable");
    assertThat(error.path("message").asText())
        .startsWith("The configuration service cannot use its database (")
        // The cause as PostgreSQL or the driver gave it: a pooled connection cut by the shutdown
        // ("terminating connection due to administrator command") or a new one refused (the
        // address); which of the two comes first depends on the pool's timing.
        .containsAnyOf("127.0.0.1", "terminating connection")
        .endsWith("so the request was not applied. Retry in a few seconds.");
    var read = admin.get(v(configs + "/before"));
    assertThat(read.error()).startsWith("503 ServiceUnavailable: ");
    assertThat(admin.withToken(null).get("/healthz").status()).isEqualTo(503);

    postgres.start();
    // The pool reconnects on its own; the write that was answered 503 never lands.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> admin.get(v(configs + "/before")).status() == 200);
    assertThat(admin.get(v(configs + "/during")).status()).isEqualTo(404);
    assertThat(admin.get(v(configs)).json().path("value")).hasSize(1);
    assertThat(put("during").statusCode()).isEqualTo(201);
    assertThat(admin.withToken(null).get("/healthz").status()).isEqualTo(200);
  }
}
