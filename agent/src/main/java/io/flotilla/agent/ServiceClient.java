package io.flotilla.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.api.agent.AgentApi;
import io.flotilla.api.agent.DesiredState;
import io.flotilla.api.agent.StatusReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The agent's side of the agent protocol ({@link AgentApi}). */
final class ServiceClient {
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final AgentOptions options;

  ServiceClient(AgentOptions options) {
    this.options = options;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (options.caFile() != null) {
      builder.sslContext(io.flotilla.api.tls.CaBundle.sslContext(options.caFile()));
    }
    this.http = builder.build();
  }

  /** The desired state, or empty when it is still {@code etag} after the long-poll. */
  Optional<DesiredState> desired(String etag, Duration wait)
      throws IOException, InterruptedException {
    HttpRequest.Builder req =
        request(
                AgentApi.desiredPath(options.clusterId())
                    + "?waitSeconds="
                    + wait.toSeconds()
                    // the agent installs extensions itself and reports on them
                    + "&extensions=true")
            .timeout(wait.plusSeconds(15))
            .GET();
    if (etag != null) {
      req.header("If-None-Match", etag);
    }
    HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (res.statusCode() == 304) {
      return Optional.empty();
    }
    check(res);
    return Optional.of(json.readValue(res.body(), DesiredState.class));
  }

  void report(StatusReport report) throws IOException, InterruptedException {
    HttpRequest req =
        request(AgentApi.statusPath(options.clusterId()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(report)))
            .build();
    check(http.send(req, HttpResponse.BodyHandlers.ofByteArray()));
  }

  void heartbeat() throws IOException, InterruptedException {
    HttpRequest req =
        request(AgentApi.heartbeatPath(options.clusterId()))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    check(http.send(req, HttpResponse.BodyHandlers.ofByteArray()));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(
            URI.create(options.server().toString().replaceAll("/$", "") + path))
        .header("Authorization", "Bearer " + options.token())
        .header("Accept", "application/json");
  }

  private static void check(HttpResponse<byte[]> res) throws IOException {
    if (res.statusCode() / 100 != 2) {
      throw new IOException(
          "configuration service answered "
              + res.statusCode()
              + " to "
              + res.request().method()
              + " "
              + res.request().uri().getPath());
    }
  }
}
