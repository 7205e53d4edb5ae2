package io.flotilla.controllers.notification;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.testkit.TestObjects;

/** Objects for the notification ITs, written as YAML. */
final class KubeObjects {
  private KubeObjects() {}

  /**
   * Creates Receiver {@code r} in {@code ns} on GitRepository {@code app}; {@code spec}, more of
   * its spec's lines, may go on with the list of resources.
   */
  static void receiver(KubernetesClient client, String ns, String spec) {
    TestObjects.create(
        client,
        "apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: r\n"
            + "  namespace: "
            + ns
            + "\nspec:\n  resources:\n  - kind: GitRepository\n    name: app\n"
            + spec);
  }
}
