package io.flotilla.app.ops;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kubernetes clients for Flotilla's processes. Watches use HTTP streaming, as kubectl and client-go
 * do, rather than fabric8's default WebSockets: every API server supports them, the embedded one
 * included.
 */
public final class KubeClients {
  private KubeClients() {}

  /** From a kubeconfig file, or fabric8's defaults (in-cluster, then ~/.kube/config) when null. */
  public static KubernetesClient create(Path kubeconfig) throws IOException {
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(null)
            : Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
