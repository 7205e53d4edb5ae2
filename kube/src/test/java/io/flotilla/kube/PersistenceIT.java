package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
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
      c.apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(CustomResourceIT.crd("keep.example.com", "keepers", "Keeper", "Namespaced"))
          .create();
      c.genericKubernetesResources(
              CustomResourceIT.context("keep.example.com", "keepers", "Keeper", true))
          .inNamespace("default")
          .resource(CustomResourceIT.widget("keep.example.com", "Keeper", "default", "k"))
          .create();
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
}
