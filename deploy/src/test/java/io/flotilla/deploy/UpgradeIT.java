package io.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.deploy.install.InstallManifests;
import io.flotilla.deploy.install.InstallOptions;
import io.flotilla.deploy.install.Manifests;
import io.flotilla.testkit.CapturedOutput;
import io.flotilla.testkit.TestKube;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla install} over an older install: the Deployments move to the new image, the CRDs
 * keep their stored versions readable, and the objects users made (a GitRepository, a
 * Kustomization) are untouched.
 */
class UpgradeIT {
  @TempDir Path home;

  @Test
  void installOverAnOlderReleaseKeepsStateAndMovesTheImage() throws Exception {
    try (TestKube kube = Flotilla.remoteCluster()) {
      Path kubeconfig = Flotilla.kubeconfig(home.resolve("kubeconfig"), kube.api(), "admin-token");
      // the "previous release": the same objects as an older version and image would write them
      InstallOptions old =
          InstallOptions.defaults()
              .withVersion("0.0.9")
              .withImage("ghcr.io/flotilla/flotilla:0.0.9");
      Path oldManifests =
          Files.writeString(
              home.resolve("old.yaml"), InstallManifests.yaml(InstallManifests.render(old)));
      KubernetesClient client = kube.client();
      for (GenericKubernetesResource o : Manifests.parse(Files.readString(oldManifests))) {
        client.resource(o).fieldManager("flotilla").forceConflicts().serverSideApply();
      }
      client
          .resource(
              Manifests.parse(
                      """
                      apiVersion: source.toolkit.fluxcd.io/v1
                      kind: GitRepository
                      metadata: {name: podinfo, namespace: flux-system}
                      spec: {interval: 5m, url: 'https://example.com/podinfo.git', ref: {branch: master}}
                      """)
                  .get(0))
          .create();

      CapturedOutput r = Flotilla.run(home, "install", "--kubeconfig", kubeconfig.toString());
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.err()).contains("Deployment/flux-system/flotilla-controller configured");

      var controller = InstalledAs.controller(client);
      assertThat(controller.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(InstallOptions.defaults().image());
      assertThat(controller.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/version", InstallOptions.buildVersion());
      var crd =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName("gitrepositories.source.toolkit.fluxcd.io")
              .get();
      assertThat(crd.getStatus().getStoredVersions()).contains("v1");
      // every version any Flotilla CRD ever stored is still served: stored objects stay readable
      for (var d : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
        var served =
            d.getSpec().getVersions().stream()
                .filter(v -> Boolean.TRUE.equals(v.getServed()))
                .map(v -> v.getName())
                .toList();
        assertThat(served)
            .as(d.getMetadata().getName())
            .containsAll(d.getStatus().getStoredVersions());
      }
      GenericKubernetesResource repo =
          client
              .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
              .inNamespace("flux-system")
              .withName("podinfo")
              .get();
      assertThat(repo).isNotNull();
      assertThat(repo.get("spec", "url").toString()).isEqualTo("https://example.com/podinfo.git");
    }
  }
}
