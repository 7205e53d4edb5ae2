package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.testkit.GitFixture;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster half on a real (embedded) API server: a FluxConfig as the agent writes it becomes a
 * GitRepository and Kustomizations, the manifests land with Flux's labels, status rolls up to
 * Compliant, a commit is followed, and deletion prunes.
 */
class ClusterSideIT {

  @RegisterExtension static final RunningControllers cluster = RunningControllers.forFluxConfigs();

  static GitFixture repo;

  @BeforeAll
  static void start() throws Exception {
    repo = cluster.git("repo");
    repo.write(
        Map.of(
            "infrastructure/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n",
            "apps/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: demo\nresources:\n  - app.yaml\n  - settings.yaml\n",
            "apps/app.yaml",
                """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
            """,
            "apps/settings.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: ${COLOR:=blue}\n"));
    repo.commit("first");
  }

  private static FluxConfig fluxConfig(String name, String url) {
    Map<String, KustomizationDefinition> ks =
        FluxConfigs.infraThenApps(
            FluxConfigs.kustomization("infra", "./infrastructure", 60L, 5L),
            FluxConfigs.kustomization("apps", "./apps", 60L, 5L)
                .with(
                    k ->
                        k.postBuild =
                            new KustomizationDefinition.PostBuildDefinition(
                                Map.of("UNUSED", "x"), null)));
    return FluxConfigs.onMainBranch("default", name, url, 30L, 2L, ks);
  }

  private static FluxConfig get(String name) {
    return cluster.get(FluxConfig.class, name);
  }

  @Test
  void aConfigurationBecomesCompliantFollowsCommitsAndPrunesOnDelete() {
    cluster.client().resource(fluxConfig("demo", repo.fileUrl())).create();

    FluxConfigs.awaitStatus(cluster, "demo", FluxConfigs::assertCompliant);
    FluxConfig c = get("demo");
    assertThat(c.getStatus().provisioningState()).isEqualTo("Succeeded");
    assertThat(c.getStatus().appliedVersion()).isEqualTo(1L);
    assertThat(c.getStatus().statuses())
        .extracting(s -> s.kind() + "/" + s.name())
        .containsExactly(
            "GitRepository/demo", "Kustomization/demo-apps", "Kustomization/demo-infra");
    GitRepository source = cluster.get(GitRepository.class, "demo");
    assertThat(source.getStatus().artifact().revision()).startsWith("main@sha1:");
    assertThat(c.getStatus().sourceSyncedCommitId()).startsWith("main/");
    Kustomization apps = cluster.get(Kustomization.class, "demo-apps");
    assertThat(apps.getStatus().inventory().entries())
        .extracting(e -> e.id())
        .containsExactlyInAnyOrder("demo_web_apps_Deployment", "demo_settings__ConfigMap");
    assertThat(apps.getStatus().conditions().get(0).message())
        .isEqualTo("Applied revision: " + source.getStatus().artifact().revision());
    var web = cluster.client().apps().deployments().inNamespace("demo").withName("web").get();
    assertThat(web.getMetadata().getLabels())
        .containsEntry("kustomize.toolkit.fluxcd.io/name", "demo-apps");
    assertThat(
            cluster.client().configMaps().inNamespace("demo").withName("settings").get().getData())
        .containsEntry("color", "blue");

    // Multi-tenancy as Azure sets it up: the Kustomizations act as flux-applier, bound
    // cluster-wide.
    assertThat(
            cluster
                .client()
                .serviceAccounts()
                .inNamespace("default")
                .withName("flux-applier")
                .get())
        .isNotNull();
    var binding =
        cluster
            .client()
            .rbac()
            .clusterRoleBindings()
            .withName("flux-applier-binding-default")
            .get();
    assertThat(binding.getRoleRef().getName()).isEqualTo("cluster-admin");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            sub ->
                assertThat(sub.getNamespace() + "/" + sub.getName())
                    .isEqualTo("default/flux-applier"));

    // A commit removes the ConfigMap and changes the Deployment: applied, and the ConfigMap pruned.
    repo.delete("apps/settings.yaml");
    repo.write(
        Map.of(
            "apps/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: demo\nresources:\n  - app.yaml\n"));
    String head = repo.commit("second");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(
                      cluster.client().configMaps().inNamespace("demo").withName("settings").get())
                  .isNull();
              assertThat(get("demo").getStatus().sourceSyncedCommitId()).isEqualTo("main/" + head);
              assertThat(get("demo").getStatus().complianceState()).isEqualTo("Compliant");
            });

    cluster.client().resources(FluxConfig.class).inNamespace("default").withName("demo").delete();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(get("demo")).isNull();
              assertThat(
                      cluster
                          .client()
                          .apps()
                          .deployments()
                          .inNamespace("demo")
                          .withName("web")
                          .get())
                  .isNull();
              assertThat(cluster.get(GitRepository.class, "demo")).isNull();
            });
  }

  @Test
  void anUnreachableRepositoryIsNonCompliantWithTheGitError() {
    cluster.client().resource(fluxConfig("broken", "http://127.0.0.1:9/nothing.git")).create();
    FluxConfigs.awaitStatus(
        cluster,
        "broken",
        c -> {
          assertThat(c.getStatus().complianceState()).isEqualTo("Non-Compliant");
          var source = FluxConfigs.status(c, "GitRepository");
          assertThat(source.statusConditions().get(0).status()).isEqualTo("False");
          assertThat(source.statusConditions().get(0).message()).contains("127.0.0.1:9");
        });
    assertThat(cluster.get(GitRepository.class, "broken").getStatus().artifact()).isNull();
  }
}
