package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Azure's GitOps tutorial, through the CLI, against `flotilla up`: create the two-kustomization
 * configuration, reach Compliant, follow a commit, and delete with prune.
 */
class TutorialE2E {
  @RegisterExtension static final RunningUp up = RunningUp.tutorial();

  private static final Duration CONVERGE = Duration.ofSeconds(90);

  private static String[] flux(String verb, String... rest) {
    return TutorialCluster.flux(verb, rest);
  }

  private static JsonNode show(String name) {
    return up.cli().ok(flux("show", "-n", name)).json();
  }

  @Test
  void theTutorialConfigurationReachesComplianceFollowsCommitsAndPrunesOnDelete() throws Exception {
    long started = System.nanoTime();
    CliRun.Result created = up.cli().ok(TutorialCluster.create(up.flotilla()));
    assertThat(created.json().at("/provisioningState").asText()).isEqualTo("Succeeded");

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(show("cluster-config").at("/complianceState").asText())
                    .isEqualTo("Compliant"));
    System.out.printf("flux create -> Compliant: %.1f s%n", (System.nanoTime() - started) / 1e9);

    JsonNode config = show("cluster-config");
    String head =
        Git.open(up.flotilla().sampleDir().toFile()).getRepository().resolve("HEAD").name();
    assertThat(config.at("/sourceSyncedCommitId").asText()).isEqualTo("main/" + head);
    assertThat(config.at("/statuses"))
        .extracting(s -> s.get("kind").asText() + "/" + s.get("name").asText())
        .contains(
            "GitRepository/cluster-config",
            "Kustomization/cluster-config-infra",
            "Kustomization/cluster-config-apps");
    CliRun.Result objects = up.cli().ok(flux("deployed-object list", "-n", "cluster-config"));
    assertThat(objects.out()).contains("cluster-config-apps").contains("Compliant");

    KubernetesClient kube = up.flotilla().client();
    Deployment podinfo = TutorialCluster.podinfo(kube).get();
    assertThat(podinfo.getMetadata().getLabels())
        .containsEntry("kustomize.toolkit.fluxcd.io/name", "cluster-config-apps")
        .containsEntry("kustomize.toolkit.fluxcd.io/namespace", "cluster-config");
    assertThat(podinfo.getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("kustomize-controller"));
    assertThat(kube.services().inNamespace("podinfo").withName("podinfo").get()).isNotNull();
    assertThat(kube.configMaps().inNamespace("podinfo").withName("cluster-settings").get())
        .isNotNull();

    // A commit removes one manifest and edits another: the cluster follows, prune removes the
    // Service.
    Path repo = up.flotilla().sampleDir();
    try (Git git = Git.open(repo.toFile())) {
      Files.delete(repo.resolve("apps/staging/service.yaml"));
      Path ks = repo.resolve("apps/staging/kustomization.yaml");
      Files.writeString(ks, Files.readString(ks).replace("  - service.yaml\n", ""));
      Path deploy = repo.resolve("apps/staging/deployment.yaml");
      Files.writeString(deploy, Files.readString(deploy).replace("replicas: 1", "replicas: 2"));
      git.add().addFilepattern(".").setUpdate(true).call();
      PersonIdent me = new PersonIdent("e2e", "e2e@localhost");
      git.commit()
          .setMessage("scale podinfo, drop its service")
          .setAuthor(me)
          .setCommitter(me)
          .call();
    }
    String newHead = Git.open(repo.toFile()).getRepository().resolve("HEAD").name();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(kube.services().inNamespace("podinfo").withName("podinfo").get()).isNull();
              assertThat(TutorialCluster.podinfo(kube).get().getSpec().getReplicas()).isEqualTo(2);
              JsonNode now = show("cluster-config");
              assertThat(now.at("/sourceSyncedCommitId").asText()).isEqualTo("main/" + newHead);
              assertThat(now.at("/complianceState").asText()).isEqualTo("Compliant");
            });

    // Delete: the configuration goes, and because of prune so does everything it applied.
    up.cli().ok(flux("delete", "-n", "cluster-config", "--yes"));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(TutorialCluster.podinfo(kube).get()).isNull();
              assertThat(
                      kube.configMaps().inNamespace("podinfo").withName("cluster-settings").get())
                  .isNull();
              assertThat(up.cli().run(flux("show", "-n", "cluster-config")).code()).isNotZero();
            });
  }
}
