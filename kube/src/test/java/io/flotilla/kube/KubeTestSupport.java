package io.flotilla.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One embedded API server per test class, and a fabric8 client (JDK HTTP client) talking to it. */
abstract class KubeTestSupport {
  static EmbeddedKubeApi kube;
  static KubernetesClient client;

  @BeforeAll
  static void startServer() {
    kube = EmbeddedKubeApi.start(KubeApiOptions.defaults());
    client = clientFor(kube);
  }

  @AfterAll
  static void stopServer() {
    client.close();
    kube.close();
  }

  static KubernetesClient clientFor(EmbeddedKubeApi api) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(api.url())
            .withOauthToken("test")
            .withNamespace("default")
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A fresh namespace so tests in one class do not see each other's objects. */
  static String newNamespace() {
    String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build())
        .create();
    return name;
  }
}
