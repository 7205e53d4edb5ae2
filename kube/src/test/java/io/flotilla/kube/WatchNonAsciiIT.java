package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Objects holding non-ASCII text (a status message's "µs", a commit subject in Swedish, Japanese,
 * an emoji) reach every watcher intact: fabric8's HTTP watch, which the controllers and the agent
 * use and which breaks on a multi-byte character in a network buffer, and a plain reader of the
 * stream, which gets the same text through JSON escapes.
 */
class WatchNonAsciiIT extends KubeTestSupport {
  private static final List<String> TEXTS =
      List.of("passed in 417.31µs", "Lägg till värden", "設定を更新", "ready \uD83D\uDE80", "é");

  @Test
  void everyWatcherGetsEveryObjectWithItsText() throws Exception {
    String ns = newNamespace();
    HttpResponse<InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(kube.url() + "/api/v1/namespaces/" + ns + "/configmaps?watch=1"))
                    .header("Authorization", "Bearer test")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    Map<String, String> seen = new ConcurrentHashMap<>();
    List<WatcherException> closed = new CopyOnWriteArrayList<>();
    int n = 60;
    try (Watch w =
        client
            .configMaps()
            .inNamespace(ns)
            .watch(
                new Watcher<ConfigMap>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap cm) {
                    seen.put(cm.getMetadata().getName(), cm.getData().get("text"));
                  }

                  @Override
                  public void onClose(WatcherException e) {
                    closed.add(e);
                  }
                })) {
      for (int i = 0; i < n; i++) {
        // long values, so that many characters straddle the stream's 4 KiB chunks
        String text = "x".repeat(i % 5) + TEXTS.get(i % TEXTS.size()).repeat(200);
        client
            .configMaps()
            .inNamespace(ns)
            .resource(configMap(ns, "c" + i, Map.of(), Map.of("text", text)))
            .create();
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == n || !closed.isEmpty());
      assertThat(closed).isEmpty();
      for (int i = 0; i < n; i++) {
        assertThat(seen.get("c" + i))
            .isEqualTo("x".repeat(i % 5) + TEXTS.get(i % TEXTS.size()).repeat(200));
      }
    }
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String first = in.readLine();
      assertThat(JSON.readTree(first).at("/object/data/text").asText())
          .isEqualTo(TEXTS.get(0).repeat(200));
      assertThat(first).isEqualTo(new String(first.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
}
