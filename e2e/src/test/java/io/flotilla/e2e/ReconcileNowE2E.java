package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.flux.source.GitRepository;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: "reconcile now" (an empty ARM PATCH, {@code {"properties":{}}}, what the dashboard's
 * button sends) reaches the cluster: the agent marks the FluxConfig with {@code
 * reconcile.fluxcd.io/requestedAt}, the FluxConfig controller passes it to the GitRepository, and
 * the source fetches the fixing commit at once although its interval is an hour.
 */
class ReconcileNowE2E {
  @TempDir Path dir;

  @Test
  void anEmptyPatchMakesTheSourceFetchTheNewCommitWithoutWaitingForItsInterval() throws Exception {
    try (FailingConfiguration f = new FailingConfiguration(dir)) {
      await()
          .atMost(FailingConfiguration.CONVERGE)
          .untilAsserted(
              () -> {
                JsonNode p = f.show();
                assertThat(p.path("complianceState").asText()).isEqualTo("Non-Compliant");
                assertThat(p.path("sourceSyncedCommitId").asText())
                    .isEqualTo("main/" + f.repo.head());
              });
      String fix = f.fix();
      // the source is not due for an hour: nothing but the request can bring the commit in
      JsonNode before = f.show();
      assertThat(before.path("sourceSyncedCommitId").asText()).isNotEqualTo("main/" + fix);

      HttpResponse<String> patched = f.send(f.arm.patch(f.path, "{\"properties\":{}}"));
      assertThat(patched.statusCode()).as(patched.body()).isIn(200, 201, 202);

      await()
          .atMost(FailingConfiguration.CONVERGE)
          .untilAsserted(
              () -> {
                JsonNode p = f.show();
                assertThat(p.path("sourceSyncedCommitId").asText()).isEqualTo("main/" + fix);
                assertThat(p.path("complianceState").asText())
                    .as(p.toString())
                    .isEqualTo("Compliant");
              });
      GitRepository source =
          f.flotilla
              .client()
              .resources(GitRepository.class)
              .inNamespace(FailingConfiguration.NAMESPACE)
              .withName(FailingConfiguration.NAME)
              .get();
      assertThat(source.getStatus().lastHandledReconcileAt())
          .isEqualTo(source.getMetadata().getAnnotations().get("reconcile.fluxcd.io/requestedAt"))
          .isNotNull();
      // the dashboard's view: the objects' events and the desired configuration beside the live
      // objects, as the agent reported them
      await()
          .atMost(FailingConfiguration.CONVERGE)
          .untilAsserted(
              () -> {
                String view = f.view();
                assertThat(view)
                    .contains("data-event")
                    .contains("kustomization path not found")
                    .contains("The cluster runs what is desired.")
                    .contains("<code>3600s</code></td><td><code>1h0m0s</code>");
              });
      assertThat(
              f.flotilla
                  .client()
                  .configMaps()
                  .inNamespace(FailingConfiguration.NAMESPACE)
                  .withName("payments-settings")
                  .get())
          .isNotNull();
    }
  }
}
