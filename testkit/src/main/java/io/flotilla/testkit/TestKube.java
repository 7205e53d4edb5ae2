package io.flotilla.testkit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;

/** An embedded API server and a client for it (HTTP watches, as Flotilla's processes use). */
public final class TestKube implements AutoCloseable {
  private final EmbeddedKubeApi api;
  private final KubernetesClient client;

  private TestKube(EmbeddedKubeApi api, KubernetesClient client) {
    this.api = api;
    this.client = client;
  }

  public static TestKube start(KubeApiOptions options) {
    EmbeddedKubeApi api = EmbeddedKubeApi.start(options);
    Config config =
        new io.fabric8.kubernetes.client.ConfigBuilder()
            .withMasterUrl(api.url())
            .withOauthToken(api.adminToken())
            .build();
    config.setOnlyHttpWatches(true);
    return new TestKube(api, new KubernetesClientBuilder().withConfig(config).build());
  }

  /** No users declared: every request is allowed. */
  public static TestKube start() {
    return start(KubeApiOptions.defaults());
  }

  /** RBAC enforced as on a real cluster; the client is a {@code system:masters} admin. */
  public static TestKube startWithRbac() {
    return start(
        KubeApiOptions.defaults().withUser("test-admin-token", "test-admin", "system:masters"));
  }

  public KubernetesClient client() {
    return client;
  }

  public EmbeddedKubeApi api() {
    return api;
  }

  @Override
  public void close() {
    client.close();
    api.close();
  }
}
