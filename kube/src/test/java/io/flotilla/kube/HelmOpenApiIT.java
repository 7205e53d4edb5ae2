package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm's install validation (helm-java runs Helm 3.21's client in process) against the embedded
 * API's OpenAPI. Helm asks the server's OpenAPI v3 whether it validates fields itself; since it
 * does, Helm sends the objects without validating them, and an unknown field is dropped with a
 * warning (the server's default, {@code Warn}), as against kube-apiserver 1.32: the install
 * succeeds.
 */
class HelmOpenApiIT {
  @AutoClose static EmbeddedKubeApi kube;
  static final List<String> requests = new CopyOnWriteArrayList<>();
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    kube = EmbeddedKubeApi.start(KubeApiOptions.defaults());
    kube.onRequest(r -> requests.add(r.method() + " " + r.path()));
    kube.writeKubeconfig(dir.resolve("kubeconfig"));
    // client-go keeps discovery per host_port and the OpenAPI documents by URL (with the schema's
    // hash: immutable) on disk: a run on a port an earlier run used answers from that cache and
    // never asks this server (failed CI once). Both are caches, safe to drop.
    Path cache = Path.of(System.getProperty("user.home"), ".kube", "cache");
    deleteTree(cache.resolve("discovery").resolve("127.0.0.1_" + kube.port()));
    deleteTree(cache.resolve("http"));
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aChartWithAnUnknownFieldInstallsWithTheFieldDropped() throws Exception {
    Path chart = dir.resolve("typo");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: typo\nversion: 0.1.0\n");
    Files.writeString(
        chart.resolve("templates/deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replica: 3
          selector: {matchLabels: {app: typo}}
          template:
            metadata: {labels: {app: typo}}
            spec:
              containers:
              - {name: web, image: "nginx:1.27", imagePullPolice: Always}
        """);

    Release installed =
        new Helm(chart)
            .install()
            .withName("typo")
            .withNamespace("helm-openapi")
            .createNamespace()
            .withKubeConfig(dir.resolve("kubeconfig"))
            .call();

    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertThat(requests)
        .as("Helm asked the server whether it validates fields")
        .anyMatch(r -> r.startsWith("GET /openapi/v3/apis/apps/v1"));
    try (var client = KubeTestSupport.clientFor(kube)) {
      Deployment d = client.apps().deployments().inNamespace("helm-openapi").withName("typo").get();
      assertThat(d.getSpec().getReplicas()).as("the misspelt replicas was dropped").isEqualTo(1);
      assertThat(d.getSpec().getAdditionalProperties()).isEmpty();
      assertThat(
              d.getSpec().getTemplate().getSpec().getContainers().get(0).getAdditionalProperties())
          .isEmpty();
    }
  }
}
