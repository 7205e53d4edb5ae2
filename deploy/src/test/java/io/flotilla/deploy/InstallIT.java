package io.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.deploy.install.Manifests;
import io.flotilla.testkit.CapturedOutput;
import io.flotilla.testkit.TestKube;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla install} against an embedded API with RBAC on, through the command line: every
 * exported object is accepted by a server-side dry-run and by the real apply, the Deployments
 * become ready, a re-run changes nothing, and a refused install leaves nothing behind.
 */
class InstallIT {
  @TempDir Path home;
  TestKube kube;
  Path kubeconfig;

  @BeforeEach
  void start() {
    kube = Flotilla.remoteCluster();
    kubeconfig = Flotilla.kubeconfig(home.resolve("kubeconfig"), kube.api(), "admin-token");
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  /** {@code flotilla install} with a kubeconfig holding {@code token}, which must exit 1. */
  private CapturedOutput refusedInstall(String file, String token) {
    Path config = Flotilla.kubeconfig(home.resolve(file), kube.api(), token);
    CapturedOutput r = Flotilla.run(home, "install", "--kubeconfig", config.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    return r;
  }

  @Test
  void exportedManifestsAreAcceptedByDryRunAndApply() {
    CapturedOutput export = Flotilla.run(home, "install", "--export");
    assertThat(export.exit()).as(export.toString()).isZero();
    assertThat(export.out()).startsWith("---\n# Flotilla version: ");
    List<GenericKubernetesResource> objects = Manifests.parse(export.out());
    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .contains(
            "Namespace/flux-system",
            "CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io",
            "CustomResourceDefinition/fluxconfigs.clusterconfig.azure.com",
            "ServiceAccount/flotilla-controller",
            "ServiceAccount/flotilla-agent",
            "ClusterRole/flotilla-agent",
            "Role/flotilla-leader-election",
            "Deployment/flotilla-controller",
            "Deployment/flotilla-agent");

    KubernetesClient client = kube.client();
    // cluster-scoped objects first (namespaced ones need their namespace to exist)
    for (GenericKubernetesResource o : objects) {
      if (o.getMetadata().getNamespace() == null) {
        client.resource(o).dryRun().fieldManager("test").forceConflicts().serverSideApply();
      }
    }
    assertThat(client.namespaces().withName("flux-system").get()).isNull();

    CapturedOutput install = Flotilla.run(home, "install", "--kubeconfig", kubeconfig.toString());
    assertThat(install.exit()).as(install.toString()).isZero();
    assertThat(install.err())
        .contains("► installing components in flux-system namespace")
        .contains("Deployment/flux-system/flotilla-controller created")
        .contains("✔ flotilla-controller: deployment ready")
        .endsWith("✔ install finished\n");

    for (GenericKubernetesResource o : objects) {
      GenericKubernetesResource live = client.resource(o).get();
      assertThat(live).as(o.getKind() + "/" + o.getMetadata().getName()).isNotNull();
      client.resource(o).dryRun().fieldManager("flotilla").forceConflicts().serverSideApply();
    }
    Deployment controller = InstalledAs.controller(client);
    assertThat(controller.getStatus().getReadyReplicas()).isEqualTo(1);
    var pod = controller.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getContainers().get(0).getLivenessProbe().getHttpGet().getPath())
        .isEqualTo("/healthz");
    assertThat(pod.getContainers().get(0).getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/readyz");
    assertThat(pod.getContainers().get(0).getResources().getLimits()).containsKey("memory");

    CapturedOutput again = Flotilla.run(home, "install", "--kubeconfig", kubeconfig.toString());
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.err()).doesNotContain(" created").doesNotContain(" configured");
  }

  @Test
  void userWithoutPermissionsIsRefusedBeforeAnythingIsWritten() {
    CapturedOutput r = refusedInstall("dev", "dev-token");
    assertThat(r.err())
        .contains("✗ user flotilla lacks permissions to install: create namespaces")
        .contains("create customresourcedefinitions.apiextensions.k8s.io")
        .contains("bind clusterroles.rbac.authorization.k8s.io cluster-admin")
        .contains("use a cluster-admin kubeconfig");
    assertThat(kube.client().namespaces().withName("flux-system").get()).isNull();
    assertThat(
            kube.client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("gitrepositories.source.toolkit.fluxcd.io")
                .get())
        .isNull();
  }

  @Test
  void unreachableClusterIsNamed() throws Exception {
    Path config = home.resolve("gone");
    Flotilla.kubeconfig(config, kube.api(), "admin-token");
    String url = kube.api().url();
    kube.close();
    kube = TestKube.start();
    CapturedOutput r = Flotilla.run(home, "install", "--kubeconfig", config.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("✗ cannot reach the cluster at " + url);
  }

  @Test
  void clusterRunningFluxIsRefusedUnlessForced() {
    KubernetesClient client = kube.client();
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("flux-system")
                .endMetadata()
                .build())
        .create();
    client
        .apps()
        .deployments()
        .inNamespace("flux-system")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("source-controller")
                .addToLabels("app.kubernetes.io/part-of", "flux")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "source-controller")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "source-controller")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("manager")
                .withImage("ghcr.io/fluxcd/source-controller:v1.6.0")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    CapturedOutput r = Flotilla.run(home, "install", "--kubeconfig", kubeconfig.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "✗ the cluster already runs Flux (Deployment flux-system/source-controller): installing"
                + " would make two controllers reconcile the same objects; uninstall it first, or"
                + " pass --force");
    assertThat(client.apps().deployments().inNamespace("flux-system").list().getItems()).hasSize(1);

    CapturedOutput forced =
        Flotilla.run(home, "install", "--force", "--kubeconfig", kubeconfig.toString());
    assertThat(forced.exit()).as(forced.toString()).isZero();
  }

  @Test
  void anotherFlotillaInAnotherNamespaceIsRefusedAndNothingIsHalfInstalled() {
    CapturedOutput first =
        Flotilla.run(
            home, "install", "--namespace", "flotilla-a", "--kubeconfig", kubeconfig.toString());
    assertThat(first.exit()).as(first.toString()).isZero();

    CapturedOutput r = Flotilla.run(home, "install", "--kubeconfig", kubeconfig.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "✗ the cluster already runs another Flotilla in namespace flotilla-a (Deployment"
                + " flotilla-");
    assertThat(r.err()).contains("uninstall it first, or pass --force");
    assertThat(kube.client().namespaces().withName("flux-system").get()).isNull();
    assertThat(kube.client().rbac().clusterRoleBindings().list().getItems())
        .extracting(b -> b.getMetadata().getName())
        .noneMatch(n -> n.contains("flux-system"));
  }

  @Test
  void credentialsTheClusterRefusesAreNamed() {
    CapturedOutput r = refusedInstall("expired", "expired-token");
    assertThat(r.err())
        .contains("✗ the cluster at " + kube.api().url())
        .contains(" refused the kubeconfig's credentials (401 Unauthorized): renew them");
    assertThat(r.err()).doesNotContain("expired-token");
    assertThat(kube.client().namespaces().withName("flux-system").get()).isNull();
  }
}
