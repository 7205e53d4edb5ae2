package io.flotilla.controllers.notification;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;

/** Objects for the notification ITs, written as YAML. */
final class KubeObjects {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private KubeObjects() {}

  /** A new namespace {@code <prefix><n>}. */
  static String namespace(KubernetesClient client, String prefix) {
    String ns = prefix + SEQ.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  /**
   * Creates Receiver {@code r} in {@code ns} on GitRepository {@code app}; {@code spec}, more of
   * its spec's lines, may go on with the list of resources.
   */
  static void receiver(KubernetesClient client, String ns, String spec) {
    create(
        client,
        "apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: r\n"
            + "  namespace: "
            + ns
            + "\nspec:\n  resources:\n  - kind: GitRepository\n    name: app\n"
            + spec);
  }

  /** Creates the object of {@code yaml} (Secrets typed, so that stringData is encoded). */
  static void create(KubernetesClient client, String yaml) {
    var s = client.getKubernetesSerialization();
    if (yaml.startsWith("apiVersion: v1\nkind: Secret")) {
      client.resource(s.unmarshal(yaml, Secret.class)).create();
    } else {
      client.resource(s.unmarshal(yaml, GenericKubernetesResource.class)).create();
    }
  }
}
