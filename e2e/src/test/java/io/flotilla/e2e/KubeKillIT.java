package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a write the embedded Kubernetes API acknowledged survives {@code kill -9}. A child JVM
 * serves the API on a data dir; eight clients create, update and delete ConfigMaps as fast as they
 * can and note every answer; the child is killed with SIGKILL in the middle of it and the API
 * restarted on the same data dir: every acknowledged change is there (an unanswered one may or may
 * not be).
 */
class KubeKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  /** What was last acknowledged for one ConfigMap: its value, or 0 for its deletion. */
  private final Map<String, Integer> acked = new ConcurrentHashMap<>();

  /** Names whose DELETE was sent: one in flight at the kill may have landed. */
  private final Set<String> deleteSent = ConcurrentHashMap.newKeySet();

  @Test
  void everyAcknowledgedWriteIsThereAfterKillMinus9() throws Exception {
    WriteStorm storm;
    try (ChildJvm child = ChildJvm.onDataDir(KubeKillIT.class, dataDir, "URL ")) {
      String base = child.readyLine() + "/api/v1/namespaces/default/configmaps";
      storm = WriteStorm.start(8, (client, s) -> writeUntilGone(base, client, s));
      assertThat(storm.awaitAnswers(900, Duration.ofSeconds(60))).as("answers").isTrue();
      child.kill(); // while every client has a request in flight
      storm.join();
    }
    assertThat(storm.unexpected()).isEmpty();
    assertThat(walSegments()).as("the killed process left its log").isNotEmpty();

    try (EmbeddedKubeApi again =
            EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dataDir));
        HttpClient http = HttpClient.newHttpClient()) {
      List<String> lost = new ArrayList<>();
      for (var e : acked.entrySet()) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            again.url() + "/api/v1/namespaces/default/configmaps/" + e.getKey()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        int found = r.statusCode() == 200 ? JSON.readTree(r.body()).at("/data/v").asInt() : 0;
        // a later change that was sent but not answered may have landed as well
        boolean kept =
            e.getValue() == 0
                ? r.statusCode() == 404
                : found >= e.getValue()
                    || (deleteSent.contains(e.getKey()) && r.statusCode() == 404);
        if (!kept) {
          lost.add(
              e.getKey()
                  + ": acknowledged "
                  + e.getValue()
                  + ", found "
                  + r.statusCode()
                  + " "
                  + found);
        }
      }
      assertThat(lost).as("acknowledged writes lost, of %s objects", acked.size()).isEmpty();
    }
    // a clean stop folds the log into the snapshot
    assertThat(walSegments()).isEmpty();
    assertThat(dataDir.resolve("kube/state.json")).exists();
  }

  /** cm-<client>-<n>: created with v=1, updated to 2 and 3, every third one deleted. */
  private void writeUntilGone(String base, int client, WriteStorm storm) throws Exception {
    for (int n = 0; ; n++) {
      String name = "cm-" + client + "-" + n;
      for (int v = 1; v <= 3; v++) {
        String body =
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"},\"data\":{\"v\":\"%d\"}}"
                .formatted(name, v);
        HttpRequest.Builder req =
            HttpRequest.newBuilder(URI.create(v == 1 ? base : base + "/" + name))
                .header("Content-Type", "application/json");
        boolean ok =
            v == 1
                ? storm.send(req.POST(HttpRequest.BodyPublishers.ofString(body)).build(), 201)
                : storm.send(req.PUT(HttpRequest.BodyPublishers.ofString(body)).build(), 200);
        if (!ok) {
          return;
        }
        acked.put(name, v);
      }
      if (n % 3 == 0) {
        deleteSent.add(name);
        if (!storm.send(
            HttpRequest.newBuilder(URI.create(base + "/" + name)).DELETE().build(), 200)) {
          return;
        }
        acked.put(name, 0);
      }
    }
  }

  private List<Path> walSegments() throws Exception {
    Path wal = dataDir.resolve("kube/wal");
    if (!Files.isDirectory(wal)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(wal)) {
      return s.toList();
    }
  }

  /** The child: the embedded API on a data dir until it is killed. */
  public static void main(String[] args) throws Exception {
    EmbeddedKubeApi api =
        EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(Path.of(args[0])));
    System.out.println("URL " + api.url());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
