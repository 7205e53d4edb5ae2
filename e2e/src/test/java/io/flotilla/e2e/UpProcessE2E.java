package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.app.ops.KubeClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, `flotilla up` as a process: a second `up` on a data dir in use refuses before writing
 * anything (the running one's kubectl keeps working), and stopping `up` prints no stack trace.
 */
class UpProcessE2E {
  static final Duration START = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void aSecondUpOnABusyDataDirChangesNothingAndStoppingPrintsNoStackTrace() throws Exception {
    Path data = dir.resolve("data");
    int port = Ports.freeTriple();
    try (FlotillaProcess first =
        FlotillaProcess.start(
            dir.resolve("first"), "up", "--data-dir", data.toString(), "--port", "" + port)) {
      first.awaitOutput("Flotilla is up.", START);
      Path kubeconfig = data.resolve("kubeconfig");
      byte[] kubeconfigBefore = Files.readAllBytes(kubeconfig);
      FileTime kubeconfigTime = Files.getLastModifiedTime(kubeconfig);
      byte[] servedBefore = Files.readAllBytes(data.resolve("up.json"));

      // the second one asks for other ports, so only the data dir is in the way
      int other = Ports.freeTriple();
      try (FlotillaProcess second =
          FlotillaProcess.start(
              dir.resolve("second"), "up", "--data-dir", data.toString(), "--port", "" + other)) {
        assertThat(second.awaitExit(START)).as(second.output()).isEqualTo(1);
        assertThat(second.output())
            .contains(
                "flotilla up: cannot start: the data dir " + data,
                "is in use by another flotilla up (pid " + first.pid(),
                "configuration service http://127.0.0.1:" + port,
                "nothing was changed",
                "another --data-dir")
            .doesNotContain("Exception", "\tat ");
      }

      assertThat(Files.readAllBytes(kubeconfig)).isEqualTo(kubeconfigBefore);
      assertThat(Files.getLastModifiedTime(kubeconfig)).isEqualTo(kubeconfigTime);
      assertThat(Files.readAllBytes(data.resolve("up.json"))).isEqualTo(servedBefore);
      try (KubernetesClient kubectl = KubeClients.create(kubeconfig)) {
        assertThat(kubectl.namespaces().withName("kube-system").get()).isNotNull();
      }

      assertThat(first.stop(Duration.ofMinutes(1))).as(first.output()).isIn(0, 130, 143);
      assertThat(first.output())
          .doesNotContain("Exception", "\tat ", "Database is already closed", "ERROR");
    }
  }
}
