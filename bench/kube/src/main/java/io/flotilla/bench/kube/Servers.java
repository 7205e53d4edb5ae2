package io.flotilla.bench.kube;

import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;

/** Fresh embedded API servers on 127.0.0.1 with the benchmark's namespace. */
final class Servers {
  private Servers() {}

  /**
   * The simulated kubelet is off: its status writes would be load the benchmark did not ask for.
   * {@code -Dbench.kubelet=true} turns it on, to weigh what the workload controllers add (a
   * Deployment's ReplicaSet and Pods) in the heap section.
   */
  static EmbeddedKubeApi start() {
    return EmbeddedKubeApi.start(KubeApiOptions.defaults().withSimulateKubelet(kubelet()));
  }

  static boolean kubelet() {
    return Boolean.getBoolean("bench.kubelet");
  }

  static void createNamespace(EmbeddedKubeApi kube) throws Exception {
    try (Applier.Raw raw = new Applier.Raw(kube.url())) {
      var res =
          raw.send(
              "POST",
              "/api/v1/namespaces",
              "application/json",
              "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                  + Workload.NAMESPACE
                  + "\"}}");
      if (res.statusCode() != 201) {
        throw new IllegalStateException("cannot create namespace: " + res.body());
      }
    }
  }
}
