package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.flotilla.api.arm.ObjectStatusDefinition;
import io.flotilla.api.arm.ObjectStatusDefinition.HelmReleasePropertiesDefinition;
import io.flotilla.api.arm.ObjectStatusDefinition.ObjectReferenceDefinition;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.helm.TestCharts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure's {@code clusterconfig.azure.com/use-managed-source: "true"} the way a user reaches it: a
 * configuration (as the agent writes it for {@code az k8s-configuration flux create --url …
 * --branch main --kustomization name=apps path=./apps prune=true}) over a repository that holds a
 * chart ({@code charts/podinfo}) and an annotated HelmRelease without a sourceRef, with every
 * controller running, helm-controller included. The release is installed from the configuration's
 * own GitRepository, upgraded by a commit, and uninstalled when the configuration is deleted, even
 * while an upgrade is still running.
 */
class ManagedHelmReleaseInstallIT {
  private static final Duration CONVERGE = ReleaseChecks.CONVERGE;
  private static final String RELEASE =
      """
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: podinfo
        namespace: %s
        annotations:
          clusterconfig.azure.com/use-managed-source: "true"
      spec:
        interval: 10m
        timeout: 10s
        chart:
          spec:
            chart: ./charts/podinfo
        values:
          %s
      """;

  // as ./flotilla up runs them: Azure's multi-tenancy on, helm-controller on by default
  @RegisterExtension static final RunningControllers cluster = RunningControllers.forFluxConfigs();

  @TempDir static Path tmp;

  @Test
  void theReleaseIsInstalledFromTheConfigurationsRepositoryUpgradedByACommitAndGoesWithIt() {
    String ns = "default";
    List<String> seen = readyHistory(ns);
    try (GitFixture repo = repository(ns, "ui: {message: hello}")) {
      awaitInstalled(ns, repo, true);
      HelmRelease hr = release(ns);
      assertThat(hr.getSpec().chart().spec().sourceRef().kind()).isEqualTo("GitRepository");
      assertThat(hr.getSpec().chart().spec().sourceRef().name()).isEqualTo("cfg");
      assertThat(hr.getStatus().helmChart()).isEqualTo("default/default-podinfo");
      assertThat(ReleaseChecks.storedStatuses(cluster.client(), ns, "podinfo"))
          .containsExactly("1 deployed");
      assertThat(cluster.client().apps().deployments().inNamespace(ns).withName("podinfo").get())
          .isNotNull();
      assertThat(cluster.client().services().inNamespace(ns).withName("podinfo").get()).isNotNull();
      assertThat(ReleaseChecks.uiMessage(cluster.client(), ns, "podinfo")).isEqualTo("hello");
      awaitCompliantWith(1L);
      // before the configuration filled the sourceRef in, the release waited, it did not fail
      assertThat(seen)
          .noneMatch(r -> r.startsWith("False ReconciliationFailed"))
          .noneMatch(r -> r.contains("http://"));

      // a commit that changes a value upgrades the release
      commitValues(ns, repo, "ui: {message: hello again}", "a new message");
      awaitReady(
          ns,
          "True UpgradeSucceeded: Helm upgrade succeeded for release default/podinfo.v2"
              + " with chart podinfo@6.1.0");
      assertThat(ReleaseChecks.storedStatuses(cluster.client(), ns, "podinfo"))
          .containsExactly("2 deployed", "1 superseded");
      assertThat(ReleaseChecks.history(cluster.client(), ns, "podinfo"))
          .containsExactly("2 deployed", "1 superseded");
      assertThat(ReleaseChecks.uiMessage(cluster.client(), ns, "podinfo")).isEqualTo("hello again");
      awaitCompliantWith(2L);

      // az k8s-configuration flux delete: the agent deletes the FluxConfig, prune takes the release
      cluster.client().resources(FluxConfig.class).inNamespace(ns).withName("cfg").delete();
      awaitUninstalledWithItsConfiguration(ns);
    }
  }

  @Test
  void deletingTheConfigurationWhileAnUpgradeRunsStillUninstallsTheRelease() {
    String ns = "team";
    cluster.namespace(ns);
    try (GitFixture repo = repository(ns, "ui: {message: hello}")) {
      // --kustomization … disable_health_check=true: the Kustomization does not wait for it
      awaitInstalled(ns, repo, false);

      // an image that never becomes ready: the upgrade waits for it until spec.timeout (10s)
      commitValues(ns, repo, "image: {tag: fail}", "an image that never starts");
      awaitReady(ns, "Unknown Progressing: Running 'upgrade' action");

      cluster.client().resources(FluxConfig.class).inNamespace(ns).withName("cfg").delete();
      awaitUninstalledWithItsConfiguration(ns);
    }
  }

  /**
   * Creates the configuration of {@code repo} in {@code ns} (its Kustomization waiting for health
   * or not) and waits until the release is installed.
   */
  private static void awaitInstalled(String ns, GitFixture repo, boolean healthCheck) {
    cluster.client().resource(config(ns, repo, healthCheck)).create();
    awaitReady(
        ns,
        "True InstallSucceeded: Helm install succeeded for release "
            + ns
            + "/podinfo.v1 with chart podinfo@6.1.0");
  }

  /** Commits the release with {@code values} and asks for the GitRepository's reconcile. */
  private static void commitValues(String ns, GitFixture repo, String values, String message) {
    repo.write(Map.of("apps/podinfo.yaml", RELEASE.formatted(ns, values)));
    repo.commit(message);
    ReleaseChecks.requestReconcile(cluster.client(), GitRepository.class, ns, "cfg");
  }

  /**
   * The configuration goes, and with it the release: the HelmRelease, Helm's storage, the chart's
   * objects and the generated HelmChart.
   */
  private static void awaitUninstalledWithItsConfiguration(String ns) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(
                      cluster
                          .client()
                          .resources(FluxConfig.class)
                          .inNamespace(ns)
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(release(ns)).isNull();
            });
    assertThat(ReleaseChecks.storedStatuses(cluster.client(), ns, "podinfo"))
        .as("Helm's storage of the release")
        .isEmpty();
    assertThat(cluster.client().apps().deployments().inNamespace(ns).withName("podinfo").get())
        .isNull();
    assertThat(cluster.client().services().inNamespace(ns).withName("podinfo").get()).isNull();
    assertThat(cluster.client().configMaps().inNamespace(ns).withName("podinfo").get()).isNull();
    assertThat(
            cluster
                .client()
                .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "HelmChart")
                .inNamespace(ns)
                .list()
                .getItems())
        .isEmpty();
  }

  /** The configuration's statuses list the release (and its chart) with Azure's properties. */
  private static void awaitCompliantWith(long revision) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var status = cluster.get(FluxConfig.class, "cfg").getStatus();
              assertThat(status).isNotNull();
              assertThat(status.statuses())
                  .as(String.valueOf(status))
                  .extracting(s -> s.kind() + "/" + s.name() + " " + s.complianceState())
                  .containsExactly(
                      "GitRepository/cfg Compliant",
                      "Kustomization/cfg-apps Compliant",
                      "HelmRelease/podinfo Compliant",
                      "HelmChart/default-podinfo Compliant");
              assertThat(status.complianceState()).isEqualTo("Compliant");
              ObjectStatusDefinition hr = status.statuses().get(2);
              assertThat(hr.appliedBy())
                  .isEqualTo(new ObjectReferenceDefinition("cfg-apps", "default"));
              assertThat(hr.helmReleaseProperties())
                  .isEqualTo(
                      new HelmReleasePropertiesDefinition(
                          revision,
                          new ObjectReferenceDefinition("default-podinfo", "default"),
                          null,
                          null,
                          null));
              assertThat(hr.statusConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.type()).isEqualTo("Ready");
                        assertThat(c.status()).isEqualTo("True");
                      });
            });
  }

  /** A repository with the test charts' sources under charts/ and the release under apps/. */
  private static GitFixture repository(String ns, String values) {
    GitFixture repo = GitFixture.init(tmp.resolve("repo-" + ns));
    TestCharts.source(
        new TestCharts.Version("podinfo", "6.1.0", "6.1.0"), repo.dir().resolve("charts"));
    repo.write(Map.of("apps/podinfo.yaml", RELEASE.formatted(ns, values)));
    repo.commit("podinfo's chart and its release in one repository");
    return repo;
  }

  /**
   * The configuration {@code <ns>/cfg} as the agent writes it for {@code az k8s-configuration flux
   * create --url … --branch main --kustomization name=apps path=./apps prune=true}, with the
   * service's defaults (600 s intervals and timeout; wait unless {@code disable_health_check}).
   */
  private static FluxConfig config(String ns, GitFixture repo, boolean waitForHealth) {
    return FluxConfigs.onMainBranch(
        ns,
        "cfg",
        repo.fileUrl(),
        600L,
        600L,
        Map.of(
            "apps",
            FluxConfigs.kustomization("apps", "./apps", 600L, 600L)
                .with(
                    k -> {
                      k.dependsOn = List.of();
                      k.force = false;
                      k.waitForHealth = waitForHealth;
                    })));
  }

  private static HelmRelease release(String ns) {
    return ReleaseChecks.release(cluster.client(), ns, "podinfo");
  }

  private static void awaitReady(String ns, String prefix) {
    ReleaseChecks.awaitReady(cluster.client(), ns, "podinfo", prefix);
  }

  private static List<String> readyHistory(String ns) {
    List<String> seen = new CopyOnWriteArrayList<>();
    Watch unused =
        cluster
            .client()
            .resources(HelmRelease.class)
            .inNamespace(ns)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, HelmRelease hr) {
                    String r = ReleaseChecks.ready(hr);
                    if (r != null) seen.add(r);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    return seen;
  }
}
