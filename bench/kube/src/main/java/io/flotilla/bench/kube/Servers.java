package io.flotilla.bench.kube;

import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh embedded API servers on 127.0.0.1 with the benchmark's namespace. */
final class Servers {
  private Servers() {}

  /**
   * The simulated kubelet is off: its status writes would be load the benchmark did not ask for.
   * {@code -Dbench.kubelet=true} turns it on, to weigh what the workload controllers add (a
   * Deployment's ReplicaSet and Pods) in the heap section. {@code -Dbench.persist=true} gives each
   * server a data dir of its own, as {@code flotilla up} does, so that writes pay for durability.
   */
  static EmbeddedKubeApi start() {
    KubeApiOptions options = KubeApiOptions.defaults().withSimulateKubelet(kubelet());
    if (Boolean.getBoolean("bench.persist")) {
      options = options.withDataDir(dataDir());
    }
    return EmbeddedKubeApi.start(options);
  }

  private static Path dataDir() {
    try {
      Path dir = Files.createTempDirectory("kube-bench-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("cannot delete " + dir + ": " + e);
    }
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
