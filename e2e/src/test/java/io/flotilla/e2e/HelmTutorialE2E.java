package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.tutorial.TutorialRepository;
import io.flotilla.testkit.tutorial.TutorialRepository.ChartRepositories;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure's GitOps tutorial with its own repository's Helm parts: three HelmRepositories, the nginx
 * and redis releases in {@code infrastructure/}, podinfo in {@code apps/staging}, all from local
 * chart repositories serving charts of our own making. Through the CLI exactly as the tutorial:
 * create → Compliant with every release deployed (as Helm itself lists them), apps after infra; a
 * commit upgrades podinfo to revision 2; {@code flux delete --yes} uninstalls.
 */
class HelmTutorialE2E {
  @RegisterExtension static final RunningUp up = RunningUp.tutorial();

  private static final Duration CONVERGE = Duration.ofSeconds(180);
  private static final String NS = "cluster-config";
  private static final String HELM_RELEASE = "helm.toolkit.fluxcd.io/v2";
  private static final String HELM_CHART = "source.toolkit.fluxcd.io/v1";

  /** HelmRelease name → its Helm release name, target namespace and the chart version expected. */
  private static final Map<String, List<String>> RELEASES =
      Map.of(
          "nginx", List.of("ingress-nginx", "nginx", "ingress-nginx-4.10.1"),
          "redis", List.of("redis", "redis", "redis-17.3.1"),
          "podinfo", List.of("podinfo", "podinfo", "podinfo-6.2.0-rc.1"));

  /** The CRD in the ingress-nginx chart's crds/ folder. */
  private static final String CHART_CRD = "ingressnginxsettings.testcharts.flotilla.io";

  @TempDir static Path dir;
  static ChartRepositories charts;
  static GitFixture repo;
  static GitHttpServer git;
  static String repoUrl;

  @BeforeAll
  static void start() throws Exception {
    charts = ChartRepositories.start(dir.resolve("charts"));
    repo = GitFixture.init(dir.resolve("tutorial"));
    repo.write(TutorialRepository.files(charts)).commit("gitops-flux2-kustomize-helm-mt");
    git = GitHttpServer.start("127.0.0.1", 0);
    repoUrl =
        git.serve("gitops-flux2-kustomize-helm-mt", Git.open(repo.dir().toFile()).getRepository());
  }

  @AfterAll
  static void down() {
    for (AutoCloseable c : new AutoCloseable[] {git, repo, charts}) {
      try {
        if (c != null) c.close();
      } catch (Exception e) {
        System.err.println("closing " + c + ": " + e);
      }
    }
  }

  private static String[] flux(String verb, String... rest) {
    return TutorialCluster.flux(verb, rest);
  }

  private static JsonNode show() {
    CliRun.Result r = up.cli().run(flux("show", "-n", "cluster-config"));
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }

  /** Compliant; otherwise the failure shows what each object of the configuration reports. */
  private static void assertCompliant() {
    JsonNode config = show();
    assertThat(config.at("/complianceState").asText())
        .as("statuses: %s", config.at("/statuses").toPrettyString())
        .isEqualTo("Compliant");
  }

  private static GenericKubernetesResource helmRelease(String name) {
    return up.flotilla()
        .client()
        .genericKubernetesResources(HELM_RELEASE, "HelmRelease")
        .inNamespace(NS)
        .withName(name)
        .get();
  }

  private static JsonNode status(GenericKubernetesResource r) {
    return r == null
        ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : new com.fasterxml.jackson.databind.ObjectMapper()
            .valueToTree(r.getAdditionalProperties().get("status"));
  }

  private static JsonNode condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asText().equals(type)) return c;
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** Helm's own storage: the release Secrets, as {@code helm} reads them. */
  private static List<Secret> storage(String release) {
    return up.flotilla()
        .client()
        .secrets()
        .inNamespace(NS)
        .withLabel("owner", "helm")
        .withLabel("name", release)
        .list()
        .getItems();
  }

  private static List<Release> helmList() {
    return Helm.list().allNamespaces().all().withKubeConfig(up.flotilla().kubeconfig()).call();
  }

  @Test
  void theTutorialsHelmReleasesInstallUpgradeByCommitAndUninstallOnDelete() throws Exception {
    long started = System.nanoTime();
    CliRun.Result created =
        up.cli()
            .run(
                TutorialCluster.create(
                    repoUrl, TutorialRepository.INFRA_PATH, TutorialRepository.APPS_PATH));
    assertThat(created.code()).as(created.toString()).isZero();

    // 1. Compliant, the way the tutorial ends: `kubectl get helmreleases -A` all Ready
    await().atMost(CONVERGE).untilAsserted(HelmTutorialE2E::assertCompliant);
    System.out.printf(
        "helm tutorial: flux create -> Compliant: %.1f s%n", (System.nanoTime() - started) / 1e9);
    KubernetesClient kube = up.flotilla().client();
    for (var e : RELEASES.entrySet()) {
      JsonNode st = status(helmRelease(e.getKey()));
      assertThat(condition(st, "Ready").path("status").asText()).as(e.getKey()).isEqualTo("True");
      assertThat(condition(st, "Released").path("reason").asText())
          .as(e.getKey())
          .isEqualTo("InstallSucceeded");
      JsonNode latest = st.path("history").get(0);
      assertThat(latest.path("chartName").asText() + "-" + latest.path("chartVersion").asText())
          .isEqualTo(e.getValue().get(2));
      assertThat(latest.path("version").asInt()).isEqualTo(1);
      assertThat(latest.path("status").asText()).isEqualTo("deployed");
      assertThat(storage(e.getValue().get(0)))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getMetadata().getName())
                    .isEqualTo("sh.helm.release.v1." + e.getValue().get(0) + ".v1");
                assertThat(s.getType()).isEqualTo("helm.sh/release.v1");
                assertThat(s.getMetadata().getLabels())
                    .containsEntry("status", "deployed")
                    .containsEntry("version", "1");
              });
      assertThat(
              kube.genericKubernetesResources(HELM_CHART, "HelmChart")
                  .inNamespace(NS)
                  .withName(NS + "-" + e.getKey())
                  .get())
          .as("the HelmChart generated for " + e.getKey())
          .isNotNull();
    }
    // Helm itself lists what Flotilla installed
    assertThat(helmList())
        .extracting(
            r ->
                r.getNamespace()
                    + "/"
                    + r.getName()
                    + " "
                    + r.getChart()
                    + " "
                    + r.getStatus()
                    + " "
                    + r.getRevision())
        .containsExactlyInAnyOrder(
            "nginx/ingress-nginx ingress-nginx-4.10.1 deployed 1",
            "redis/redis redis-17.3.1 deployed 1",
            "podinfo/podinfo podinfo-6.2.0-rc.1 deployed 1");

    // the charts' objects, in their target namespaces
    var podinfo = TutorialCluster.podinfo(kube).get();
    assertThat(podinfo.getMetadata().getLabels())
        .containsEntry("helm.sh/chart", "podinfo-6.2.0-rc.1")
        .containsEntry("app.kubernetes.io/managed-by", "Helm");
    assertThat(podinfo.getMetadata().getAnnotations())
        .containsEntry("meta.helm.sh/release-name", "podinfo")
        .containsEntry("meta.helm.sh/release-namespace", "podinfo");
    assertThat(
            kube.network()
                .v1()
                .ingresses()
                .inNamespace("podinfo")
                .withName("podinfo")
                .get()
                .getSpec()
                .getRules()
                .get(0)
                .getHost())
        .isEqualTo("podinfo.staging");
    assertThat(kube.configMaps().inNamespace("podinfo").withName("podinfo").get().getData())
        .containsEntry("PODINFO_CACHE_SERVER", "redis-master.redis:6379");
    // `kubectl get all -n podinfo`, as the tutorial shows it: the Deployment's ReplicaSet and Pod
    assertThat(runningPods(kube, "podinfo")).hasSize(1);
    var redis = kube.apps().statefulSets().inNamespace("redis").withName("redis-master").get();
    assertThat(redis.getSpec().getVolumeClaimTemplates())
        .as("values from the generated ConfigMap")
        .isEmpty();
    assertThat(kube.apps().statefulSets().inNamespace("redis").withName("redis-replica").get())
        .isNull();
    assertThat(kube.secrets().inNamespace("redis").withName("redis").get())
        .as("auth.enabled=false")
        .isNull();
    assertThat(
            kube.services()
                .inNamespace("nginx")
                .withName("ingress-nginx-controller")
                .get()
                .getSpec()
                .getType())
        .isEqualTo("NodePort");
    assertThat(kube.apiextensions().v1().customResourceDefinitions().withName(CHART_CRD).get())
        .as("the chart's crds/ folder is installed")
        .isNotNull();
    assertThat(
            kube.batch()
                .v1()
                .jobs()
                .inNamespace("nginx")
                .withName("ingress-nginx-admission-create")
                .get())
        .as("the pre-install hook ran and was deleted (hook-succeeded)")
        .isNull();

    // the repositories served exactly the versions the ranges pick
    assertThat(charts.ingressNginx().served("ingress-nginx-4.10.1.tgz")).isPositive();
    assertThat(charts.ingressNginx().served("ingress-nginx-4.11.0.tgz")).isZero();
    assertThat(charts.bitnami().served("redis-17.3.1.tgz")).isPositive();
    assertThat(charts.bitnami().served("redis-18.0.0.tgz")).isZero();
    assertThat(charts.podinfo().served("podinfo-6.2.0-rc.1.tgz")).isPositive();
    assertThat(charts.podinfo().served("podinfo-6.1.0.tgz")).isZero();

    // apps (dependsOn infra) started only after infra's releases were Ready
    Instant podinfoCreated =
        Instant.parse(helmRelease("podinfo").getMetadata().getCreationTimestamp());
    for (String infra : List.of("nginx", "redis")) {
      Instant ready =
          Instant.parse(
              condition(status(helmRelease(infra)), "Ready").path("lastTransitionTime").asText());
      assertThat(podinfoCreated)
          .as("podinfo created after " + infra + " Ready")
          .isAfterOrEqualTo(ready);
    }

    // flux show reports the releases with Azure's helmReleaseProperties
    JsonNode statuses = show().at("/statuses");
    assertThat(statuses)
        .extracting(s -> s.get("kind").asText() + "/" + s.get("name").asText())
        .contains("HelmRelease/nginx", "HelmRelease/redis", "HelmRelease/podinfo");
    for (JsonNode s : statuses) {
      if (s.path("kind").asText().equals("HelmRelease")) {
        assertThat(s.at("/helmReleaseProperties/lastRevisionApplied").asInt())
            .as(s.toString())
            .isEqualTo(1);
        assertThat(s.at("/helmReleaseProperties/failureCount").asInt()).isZero();
        assertThat(s.path("complianceState").asText()).isEqualTo("Compliant");
      }
    }

    // 2. Upgrade by a commit: staging moves to stable releases and changes values → revision 2
    String head =
        repo.write(
                Map.of(
                    TutorialRepository.STAGING_PATCH,
                    TutorialRepository.stagingPatch(
                        ">=1.0.0",
                        "    replicaCount: 2\n    ui:\n      message: upgraded by a commit\n")))
            .commit("staging: stable podinfo, two replicas");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode st = status(helmRelease("podinfo"));
              assertThat(st.path("history").get(0).path("version").asInt()).isEqualTo(2);
              assertThat(condition(st, "Ready").path("status").asText()).isEqualTo("True");
              assertThat(show().at("/sourceSyncedCommitId").asText()).isEqualTo("main/" + head);
            });
    JsonNode upgraded = status(helmRelease("podinfo"));
    assertThat(condition(upgraded, "Released").path("reason").asText())
        .isEqualTo("UpgradeSucceeded");
    assertThat(upgraded.path("history"))
        .extracting(
            h ->
                h.path("version").asInt()
                    + " "
                    + h.path("chartVersion").asText()
                    + " "
                    + h.path("status").asText())
        .containsExactly("2 6.1.0 deployed", "1 6.2.0-rc.1 superseded");
    assertThat(storage("podinfo"))
        .extracting(
            s -> s.getMetadata().getName() + " " + s.getMetadata().getLabels().get("status"))
        .containsExactlyInAnyOrder(
            "sh.helm.release.v1.podinfo.v1 superseded", "sh.helm.release.v1.podinfo.v2 deployed");
    List<ReleaseHistory> history =
        Helm.history("podinfo").withNamespace(NS).withKubeConfig(up.flotilla().kubeconfig()).call();
    assertThat(history)
        .extracting(h -> h.getRevision() + " " + h.getChart() + " " + h.getStatus())
        .containsExactly("1 podinfo-6.2.0-rc.1 superseded", "2 podinfo-6.1.0 deployed");
    assertThat(TutorialCluster.podinfo(kube).get().getSpec().getReplicas()).isEqualTo(2);
    assertThat(runningPods(kube, "podinfo")).as("two replicas, running").hasSize(2);
    assertThat(kube.configMaps().inNamespace("podinfo").withName("podinfo").get().getData())
        .containsEntry("PODINFO_UI_MESSAGE", "upgraded by a commit");
    assertThat(charts.podinfo().served("podinfo-6.1.0.tgz")).isPositive();
    for (String infra : List.of("nginx", "redis")) {
      assertThat(status(helmRelease(infra)).path("history")).as(infra + " untouched").hasSize(1);
    }
    await().atMost(CONVERGE).untilAsserted(HelmTutorialE2E::assertCompliant);

    // 3. Delete: the releases are uninstalled, their objects and Helm storage go
    CliRun.Result deleted = up.cli().run(flux("delete", "-n", "cluster-config", "--yes"));
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              for (String name : RELEASES.keySet()) {
                assertThat(helmRelease(name)).as(name).isNull();
              }
              assertThat(
                      kube.secrets().inNamespace(NS).withLabel("owner", "helm").list().getItems())
                  .isEmpty();
              assertThat(TutorialCluster.podinfo(kube).get()).isNull();
              assertThat(
                      kube.apps()
                          .statefulSets()
                          .inNamespace("redis")
                          .withName("redis-master")
                          .get())
                  .isNull();
              assertThat(
                      kube.apps()
                          .deployments()
                          .inNamespace("nginx")
                          .withName("ingress-nginx-controller")
                          .get())
                  .isNull();
              assertThat(up.cli().run(flux("show", "-n", "cluster-config")).code()).isNotZero();
            });
    assertThat(helmList()).as("helm list -A after the uninstall").isEmpty();
    assertThat(kube.apiextensions().v1().customResourceDefinitions().withName(CHART_CRD).get())
        .as("Helm never deletes the CRDs of a chart's crds/ folder")
        .isNotNull();
  }

  /**
   * The Pods of the namespace's one Deployment's current ReplicaSet (named {@code
   * <deployment>-<pod-template-hash>-<suffix>}), each Running; fails if any is not.
   */
  private static List<String> runningPods(KubernetesClient kube, String ns) {
    var deployment = kube.apps().deployments().inNamespace(ns).list().getItems().get(0);
    var current =
        kube.apps().replicaSets().inNamespace(ns).list().getItems().stream()
            .filter(rs -> rs.getSpec().getReplicas() > 0)
            .toList();
    assertThat(current).hasSize(1);
    String rs = current.get(0).getMetadata().getName();
    assertThat(rs).matches(deployment.getMetadata().getName() + "-[4-9bcdf]{6,10}");
    var pods = kube.pods().inNamespace(ns).list().getItems();
    assertThat(pods)
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getName()).startsWith(rs + "-");
              assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            });
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }
}
