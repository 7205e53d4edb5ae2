package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceIT {

  @Test
  void aSecondStartResumesWithTheSameObjects(@TempDir Path dataDir) throws Exception {
    String uid;
    String rv;
    try (EmbeddedKubeApi first =
            EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dataDir));
        var c = KubeTestSupport.clientFor(first)) {
      var keepers = CustomResourceIT.install(c, "keep.example.com", "keepers", "Keeper", true);
      CustomResourceIT.createWidget(c, keepers, "default", "k");
      ConfigMap cm =
          c.configMaps()
              .inNamespace("default")
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("kept")
                      .endMetadata()
                      .addToData("a", "1")
                      .build())
              .create();
      uid = cm.getMetadata().getUid();
      rv = cm.getMetadata().getResourceVersion();
    }
    Path state = dataDir.resolve("kube").resolve("state.json");
    assertThat(state).exists();
    assertThat(Files.readString(state)).contains("\"kept\"");

    try (EmbeddedKubeApi second =
            EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dataDir));
        var c = KubeTestSupport.clientFor(second)) {
      ConfigMap cm = c.configMaps().inNamespace("default").withName("kept").get();
      assertThat(cm.getMetadata().getUid()).isEqualTo(uid);
      assertThat(cm.getMetadata().getResourceVersion()).isEqualTo(rv);
      assertThat(
              c.genericKubernetesResources("keep.example.com/v1", "Keeper")
                  .inNamespace("default")
                  .withName("k")
                  .get())
          .isNotNull();
      ConfigMap updated =
          c.configMaps()
              .inNamespace("default")
              .withName("kept")
              .edit(x -> new ConfigMapBuilder(x).addToData("b", "2").build());
      assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
          .isGreaterThan(Long.parseLong(rv));
    }
  }

  /**
   * A copy of the data dir taken while the API runs is what a crash leaves: the snapshot of the
   * start and the log of every acknowledged change since (plus, here, half a record being written).
   * An API started on it has every acknowledged change, and folds the log into a new snapshot.
   */
  @Test
  void aCrashLeavesNothingAcknowledgedBehind(@TempDir Path dataDir, @TempDir Path crashed)
      throws Exception {
    try (EmbeddedKubeApi first =
            EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dataDir));
        var c = KubeTestSupport.clientFor(first)) {
      for (int i = 0; i < 20; i++) {
        c.configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("cm-" + i)
                    .endMetadata()
                    .addToData("v", "1")
                    .build())
            .create();
      }
      c.configMaps().inNamespace("default").withName("cm-0").delete();
      c.configMaps()
          .inNamespace("default")
          .withName("cm-1")
          .edit(x -> new ConfigMapBuilder(x).addToData("v", "2").build());
      copy(dataDir.resolve("kube"), crashed.resolve("kube"));
    }
    Path wal = crashed.resolve("kube/wal");
    List<Path> segments;
    try (var files = Files.list(wal)) {
      segments = files.sorted().toList();
    }
    assertThat(segments).isNotEmpty();
    Files.write(
        segments.get(segments.size() - 1),
        new byte[] {0, 0, 1, 0, 1, 2, 3, 4, '{'},
        StandardOpenOption.APPEND);

    try (EmbeddedKubeApi second =
            EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(crashed));
        var c = KubeTestSupport.clientFor(second)) {
      assertThat(c.configMaps().inNamespace("default").withName("cm-0").get()).isNull();
      assertThat(c.configMaps().inNamespace("default").withName("cm-1").get().getData())
          .containsEntry("v", "2");
      for (int i = 2; i < 20; i++) {
        assertThat(c.configMaps().inNamespace("default").withName("cm-" + i).get())
            .as("cm-" + i)
            .isNotNull();
      }
      // the log was folded into a snapshot at start: only the new, empty segment is left
      try (var files = Files.list(wal)) {
        assertThat(files.toList()).hasSize(1);
      }
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
