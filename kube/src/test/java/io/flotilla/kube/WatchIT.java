package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WatchIT extends KubeTestSupport {

  private static ConfigMap cm(String ns, String name, Map<String, String> labels) {
    return configMap(ns, name, labels, Map.of("v", "1"));
  }

  /** A watcher that adds each event to {@code events} as {@code ACTION name}. */
  private static Watcher<ConfigMap> recordingInto(List<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        events.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  @Test
  void watchDeliversAddedModifiedAndDeleted() {
    String ns = newNamespace();
    var configMaps = client.configMaps().inNamespace(ns);
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch w = configMaps.watch(recordingInto(events))) {
      configMaps.resource(cm(ns, "w", Map.of())).create();
      configMaps.withName("w").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
      configMaps.withName("w").delete();
      await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
      assertThat(events).containsExactly("ADDED w", "MODIFIED w", "DELETED w");
    }
  }

  @Test
  void aLabelFilteredWatchSeesObjectsEnterAndLeaveTheSelector() {
    String ns = newNamespace();
    var configMaps = client.configMaps().inNamespace(ns);
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch w = configMaps.withLabel("pick", "yes").watch(recordingInto(events))) {
      configMaps.resource(cm(ns, "other", Map.of("pick", "no"))).create();
      configMaps.resource(cm(ns, "mine", Map.of("pick", "yes"))).create();
      configMaps
          .withName("mine")
          .edit(
              c ->
                  new ConfigMapBuilder(c)
                      .editMetadata()
                      .addToLabels("pick", "no")
                      .endMetadata()
                      .build());
      await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 2);
      assertThat(events).containsExactly("ADDED mine", "DELETED mine");
    }
  }

  @Test
  void watchingFromAResourceVersionReplaysLaterChanges() throws Exception {
    String ns = newNamespace();
    var configMaps = client.configMaps().inNamespace(ns);
    ConfigMap first = configMaps.resource(cm(ns, "a", Map.of())).create();
    configMaps.resource(cm(ns, "b", Map.of())).create();
    List<String> lines =
        readWatch(
            "/api/v1/namespaces/"
                + ns
                + "/configmaps?watch=true&timeoutSeconds=1&resourceVersion="
                + first.getMetadata().getResourceVersion());
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"b\"");
  }

  @Test
  void aResourceVersionOlderThanTheServerRemembersIsGone() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kube-gone");
    String oldRv;
    try (EmbeddedKubeApi first =
        EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dir))) {
      try (var c = clientFor(first)) {
        oldRv =
            c.configMaps()
                .inNamespace("default")
                .resource(cm("default", "x", Map.of()))
                .create()
                .getMetadata()
                .getResourceVersion();
        c.configMaps()
            .inNamespace("default")
            .withName("x")
            .edit(m -> new ConfigMapBuilder(m).addToData("v", "2").build());
      }
    }
    try (EmbeddedKubeApi second =
        EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dir))) {
      HttpResponse<String> res =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              second.url()
                                  + "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&resourceVersion="
                                  + oldRv))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(res.body())
          .startsWith("{\"type\":\"ERROR\"")
          .contains("\"code\":410")
          .contains("too old resource version: " + oldRv);
    }
  }

  @Test
  void timeoutSecondsEndsTheStreamAndBookmarksAreSentWhenAllowed() throws Exception {
    long start = System.nanoTime();
    List<String> lines =
        readWatch(
            "/api/v1/namespaces/kube-public/configmaps?watch=true&timeoutSeconds=1&allowWatchBookmarks=true&resourceVersion="
                + client
                    .configMaps()
                    .inNamespace("kube-public")
                    .list()
                    .getMetadata()
                    .getResourceVersion());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("{\"type\":\"BOOKMARK\"");
  }

  @Test
  void informerListsThenWatches() {
    String ns = newNamespace();
    var configMaps = client.configMaps().inNamespace(ns);
    configMaps.resource(cm(ns, "before", Map.of())).create();
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicReference<String> deleted = new AtomicReference<>();
    SharedIndexInformer<ConfigMap> informer =
        configMaps.inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(ConfigMap obj) {
                seen.add(obj.getMetadata().getName());
              }

              @Override
              public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                seen.add("updated " + newObj.getMetadata().getName());
              }

              @Override
              public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                deleted.set(obj.getMetadata().getName());
              }
            },
            0);
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("before"));
      configMaps.resource(cm(ns, "after", Map.of())).create();
      configMaps.withName("before").edit(c -> new ConfigMapBuilder(c).addToData("x", "y").build());
      configMaps.withName("after").delete();
      await().atMost(Duration.ofSeconds(5)).until(() -> "after".equals(deleted.get()));
      assertThat(seen).contains("before", "after", "updated before");
      assertThat(informer.getStore().list())
          .extracting(c -> c.getMetadata().getName())
          .containsExactly("before");
    } finally {
      informer.close();
    }
  }

  static List<String> readWatch(String path) throws Exception {
    HttpResponse<java.io.InputStream> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(kube.url() + path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }
}
