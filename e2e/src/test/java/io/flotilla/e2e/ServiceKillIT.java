package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a write the configuration service acknowledged (PUT 201, PATCH 202) survives {@code
 * kill -9} of its process with the H2 file. A child JVM runs the service on a data dir; six clients
 * create and patch configurations and note every answer; the child is killed with SIGKILL while
 * they are at it and the service restarted on the same data dir: every acknowledged write is there.
 */
class ServiceKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "?api-version=2025-04-01";

  @TempDir Path dataDir;

  /** The branch number last acknowledged for each configuration. */
  private final Map<String, Integer> acked = new ConcurrentHashMap<>();

  @Test
  void everyAcknowledgedPutAndPatchIsThereAfterKillMinus9() throws Exception {
    String configs =
        "/subscriptions/"
            + UUID.randomUUID()
            + "/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/kill"
            + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/";
    WriteStorm storm;
    try (ChildJvm child =
        ChildJvm.start(
            ServiceKillIT.class,
            List.of(dataDir.toString()),
            Map.of(),
            dataDir.resolveSibling(dataDir.getFileName() + "-child.log"),
            "STARTED ")) {
      String[] started = child.readyLine().split(" ");
      Requests api = new Requests(started[0], started[1]);
      String cluster =
          configs.substring(0, configs.indexOf("/providers/Microsoft.KubernetesConfiguration"));
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> created =
            http.send(
                api.put(
                    cluster,
                    "{\"location\":\"westeurope\",\"properties\":{\"distribution\":\"k3s\"}}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      }
      storm = WriteStorm.start(6, (client, s) -> writeUntilGone(api, configs, client, s));
      assertThat(storm.awaitAnswers(90, Duration.ofSeconds(120))).as("answers").isTrue();
      child.kill();
      storm.join();
    }
    assertThat(storm.unexpected()).isEmpty();

    try (ConfigurationServer again =
            ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(dataDir));
        HttpClient http = HttpClient.newHttpClient()) {
      Requests api = new Requests(again.url(), again.adminToken());
      List<String> lost = new ArrayList<>();
      for (var e : acked.entrySet()) {
        HttpResponse<String> r =
            http.send(api.get(configs + e.getKey()), HttpResponse.BodyHandlers.ofString());
        String branch =
            r.statusCode() == 200
                ? JSON.readTree(r.body())
                    .at("/properties/gitRepository/repositoryRef/branch")
                    .asText()
                : "";
        // a later PATCH that was sent but not answered may have landed as well
        if (r.statusCode() != 200 || Integer.parseInt(branch.substring(1)) < e.getValue()) {
          lost.add(
              e.getKey()
                  + ": b"
                  + e.getValue()
                  + " acknowledged, found "
                  + r.statusCode()
                  + " "
                  + branch);
        }
      }
      assertThat(lost).as("acknowledged writes lost, of %s configurations", acked.size()).isEmpty();
    }
  }

  /** cfg-<client>-<n>: PUT with branch b1 (201), then PATCHed to b2 and b3 (202 each). */
  private void writeUntilGone(Requests api, String configs, int client, WriteStorm storm)
      throws Exception {
    for (int n = 0; ; n++) {
      String name = "cfg-" + client + "-" + n;
      for (int v = 1; v <= 3; v++) {
        boolean ok =
            v == 1
                ? storm.send(
                    api.put(
                        configs + name,
                        """
                        {"properties":{"sourceKind":"GitRepository",
                          "gitRepository":{"url":"https://github.com/Azure/arc-k8s-demo",
                                           "repositoryRef":{"branch":"b1"}},
                          "kustomizations":{"infra":{"path":"./infrastructure"}}}}
                        """),
                    201)
                : storm.send(
                    api.patch(
                        configs + name,
                        "{\"properties\":{\"gitRepository\":{\"repositoryRef\":{\"branch\":\"b%d\"}}}}"
                            .formatted(v)),
                    202);
        if (!ok) {
          return;
        }
        acked.put(name, v);
      }
    }
  }

  /** ARM requests with the admin token. */
  record Requests(String url, String token) {
    HttpRequest get(String path) {
      return builder(path).GET().build();
    }

    HttpRequest put(String path, String json) {
      return builder(path).PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    HttpRequest patch(String path, String json) {
      return builder(path).method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest.Builder builder(String path) {
      return HttpRequest.newBuilder(URI.create(url + path + API))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json");
    }
  }

  /** The child: the service on an H2 file until it is killed. */
  public static void main(String[] args) throws Exception {
    ConfigurationServer server =
        ConfigurationServer.start(
            ServerOptions.defaults().withPort(0).withDataDir(Path.of(args[0])));
    System.out.println("STARTED " + server.url() + " " + server.adminToken());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
