package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.flotilla.testkit.Edits;
import io.flotilla.testkit.TestKube;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install → test → upgrade → rollback → drift → uninstall of one chart on the embedded API. */
class ReleaseLifecycleIT {
  static final Map<String, String> OWNER =
      Map.of(
          "helm.toolkit.fluxcd.io/name", "app", "helm.toolkit.fluxcd.io/namespace", "flux-system");
  @AutoClose static TestKube kube;
  @AutoClose static HelmClient helm;
  static Releases engine;
  @TempDir static Path work;

  @BeforeAll
  static void start() throws Exception {
    kube = TestKube.start();
    helm = new HelmClient(kube, work);
    engine = HelmEngine.create(kube.client(), EngineOptions.defaults());
  }

  static ActionOptions options() {
    return ActionOptions.defaults()
        .withTimeout(Duration.ofSeconds(30))
        .withCreateNamespace(true)
        .withOwnerLabels(OWNER);
  }

  static ReleaseRequest request(String name, String ns, ObjectNode values, ActionOptions o) {
    return new ReleaseRequest(name, ns, ns, values, o);
  }

  static ObjectNode values(String message) {
    return JsonNodeFactory.instance.objectNode().put("message", message);
  }

  /** Installs version 1.0.0 of the app chart (with its hooks or not) with {@code message}. */
  static Release installV1(String name, String ns, boolean hooks, String message) throws Exception {
    return engine.install(
        AppChart.load(work, "1.0.0", hooks, "busybox:1.36"),
        request(name, ns, values(message), options()));
  }

  /** The chart's CRD (from its crds/ folder), null while absent. */
  static CustomResourceDefinition widgetsCrd() {
    return kube.client()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("widgets.example.com")
        .get();
  }

  @Test
  void aReleaseGoesThroughItsWholeLifeAsHelmWouldHaveIt() throws Exception {
    String ns = "life";
    Release v1 = installV1("app", ns, true, "one");

    // install: deployed, stored as Helm stores, seen by Helm itself
    assertThat(v1.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.description()).isEqualTo("Install complete");
    assertThat(v1.chartName()).isEqualTo("app");
    assertThat(v1.appVersion()).isEqualTo("2.0");
    assertThat(v1.manifest())
        .contains("# Source: app/templates/cm.yaml")
        .contains("name: app-app-config")
        .doesNotContain("helm.sh/hook");
    assertThat(helm.list(ns)).containsExactly("app deployed 1 app-1.0.0 2.0");
    assertThat(
            kube.client()
                .configMaps()
                .inNamespace(ns)
                .withName("app-app-config")
                .get()
                .getMetadata()
                .getLabels())
        .containsAllEntriesOf(OWNER);
    assertThat(kube.client().apps().deployments().inNamespace(ns).withName("app-web").get())
        .isNotNull();
    assertThat(widgetsCrd()).as("crds/ installed first").isNotNull();
    assertThat(widget(ns, "app-widget")).isNotNull();
    // hooks: weight -5 ran before weight 5; hook-succeeded deleted the Job, the default policy kept
    // the ConfigMap
    Release.Hook prepare = hook(v1, "app-prepare");
    Release.Hook migrate = hook(v1, "app-migrate");
    assertThat(prepare.lastRunPhase()).isEqualTo("Succeeded");
    assertThat(migrate.lastRunPhase()).isEqualTo("Succeeded");
    assertThat(prepare.lastRunCompleted()).isBeforeOrEqualTo(migrate.lastRunStarted());
    assertThat(prepare.deletePolicies()).containsExactly("before-hook-creation");
    assertThat(kube.client().batch().v1().jobs().inNamespace(ns).withName("app-migrate").get())
        .isNull();
    assertThat(kube.client().configMaps().inNamespace(ns).withName("app-prepare").get())
        .isNotNull();
    assertThat(hook(v1, "app-smoke").lastRunPhase()).isEmpty();
    assertThat(kube.client().batch().v1().jobs().inNamespace(ns).withName("app-smoke").get())
        .as("test hooks do not run on install")
        .isNull();

    // test: the test hook runs, its phase recorded on the release
    Release tested = engine.test(ns, "app", new TestOptions(Duration.ofSeconds(30), List.of()));
    assertThat(hook(tested, "app-smoke").lastRunPhase()).isEqualTo("Succeeded");
    assertThat(engine.latest(ns, "app").orElseThrow().hooks())
        .filteredOn(h -> h.name().equals("app-smoke"))
        .singleElement()
        .satisfies(h -> assertThat(h.lastRunPhase()).isEqualTo("Succeeded"));
    Release filtered =
        engine.test(
            ns,
            "app",
            new TestOptions(
                Duration.ofSeconds(30), List.of(new TestOptions.Filter("app-smoke", true))));
    assertThat(hook(filtered, "app-smoke").lastRunStarted())
        .isEqualTo(hook(tested, "app-smoke").lastRunStarted());

    // upgrade: new chart without extra.yaml; Helm deletes what the new manifest dropped
    Release v2 =
        engine.upgrade(
            AppChart.load(work, "1.1.0", false, "busybox:1.36"),
            request("app", ns, values("two"), options()));
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(v2.description()).isEqualTo("Upgrade complete");
    assertThat(v2.firstDeployed()).isEqualTo(v1.firstDeployed());
    assertThat(kube.client().configMaps().inNamespace(ns).withName("app-extra").get()).isNull();
    assertThat(
            kube.client().configMaps().inNamespace(ns).withName("app-app-config").get().getData())
        .containsEntry("message", "two");
    assertThat(helm.history(ns, "app"))
        .extracting(h -> h.getRevision() + " " + h.getStatus())
        .containsExactly("1 superseded", "2 deployed");

    // rollback to 1: a new revision with revision 1's manifest; 2 superseded
    Release v3 = engine.rollback(ns, "app", 1, options());
    assertThat(v3.version()).isEqualTo(3);
    assertThat(v3.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(v3.description()).isEqualTo("Rollback to 1");
    assertThat(v3.chartVersion()).isEqualTo("1.0.0");
    assertThat(kube.client().configMaps().inNamespace(ns).withName("app-extra").get()).isNotNull();
    assertThat(
            kube.client().configMaps().inNamespace(ns).withName("app-app-config").get().getData())
        .containsEntry("message", "one");
    assertThat(engine.history(ns, "app"))
        .extracting(r -> r.version() + " " + r.status().helm())
        .containsExactly("3 deployed", "2 superseded", "1 superseded");
    // Helm's own history reads the rollback as `helm rollback` writes it (helm-java has no
    // rollback command of its own to compare with)
    assertThat(helm.history(ns, "app"))
        .extracting(
            h ->
                h.getRevision()
                    + " "
                    + h.getStatus()
                    + " "
                    + h.getChart()
                    + " "
                    + h.getDescription())
        .containsExactly(
            "1 superseded app-1.0.0 Install complete",
            "2 superseded app-1.1.0 Upgrade complete",
            "3 deployed app-1.0.0 Rollback to 1");
    assertThat(helm.status(ns, "app").getRevision()).isEqualTo("3");

    // drift: an edited object is CHANGED, a deleted one CREATED; correction restores both
    Edits.edit(
        kube.client().configMaps().inNamespace(ns).withName("app-app-config"),
        c -> {
          c.getData().put("message", "edited");
          return c;
        });
    kube.client().configMaps().inNamespace(ns).withName("app-extra").delete();
    Awaitility.gone(() -> kube.client().configMaps().inNamespace(ns).withName("app-extra").get());
    DriftReport drift = engine.diff(v3, new DriftOptions(List.of()));
    assertThat(drift.entries())
        .extracting(e -> e.object().subject() + " " + e.change())
        .containsExactlyInAnyOrder(
            "ConfigMap/life/app-app-config CHANGED", "ConfigMap/life/app-extra CREATED");
    assertThat(drift.entries())
        .filteredOn(e -> e.change() == DriftReport.Change.CHANGED)
        .singleElement()
        .satisfies(
            e -> assertThat(e.diff()).contains("/data/message").contains("edited").contains("one"));
    DriftOptions ignoreMessage =
        new DriftOptions(
            List.of(
                new DriftOptions.IgnoreRule(
                    List.of("/data/message"),
                    new DriftOptions.Selector(null, null, "ConfigMap", null, null, null, null))));
    assertThat(engine.diff(v3, ignoreMessage).entries())
        .extracting(e -> e.change())
        .containsExactly(DriftReport.Change.CREATED);
    engine.correctDrift(v3, drift, options());
    assertThat(
            kube.client().configMaps().inNamespace(ns).withName("app-app-config").get().getData())
        .containsEntry("message", "one");
    assertThat(kube.client().configMaps().inNamespace(ns).withName("app-extra").get()).isNotNull();
    assertThat(engine.diff(v3, new DriftOptions(List.of())).drifted()).isFalse();

    // uninstall: objects and storage gone, the CRD stays (Helm never deletes crds/)
    engine.uninstall(ns, "app", UninstallOptions.defaults());
    assertThat(engine.history(ns, "app")).isEmpty();
    Awaitility.gone(
        () -> kube.client().apps().deployments().inNamespace(ns).withName("app-web").get());
    assertThat(kube.client().configMaps().inNamespace(ns).withName("app-app-config").get())
        .isNull();
    assertThat(widgetsCrd()).isNotNull();
    assertThat(helm.list(ns)).isEmpty();
  }

  @Test
  void uninstallKeepingHistoryLeavesAnUninstalledRevision() throws Exception {
    String ns = "keep";
    installV1("kept", ns, false, "k");
    engine.uninstall(
        ns,
        "kept",
        new UninstallOptions(Duration.ofSeconds(30), true, true, false, "background", null));
    Release r = engine.latest(ns, "kept").orElseThrow();
    assertThat(r.status()).isEqualTo(ReleaseStatus.UNINSTALLED);
    assertThat(r.description()).isEqualTo("Uninstallation complete");
    assertThat(r.deleted()).isNotNull();
    assertThat(Helm.list().all().withNamespace(ns).withKubeConfigContents(helm.kubeconfig).call())
        .singleElement()
        .satisfies(h -> assertThat(h.getStatus()).isEqualTo("uninstalled"));
  }

  @Test
  void aFailingHookFailsTheUpgradeNamingTheJobAndTheDeployedRevisionStays() throws Exception {
    String ns = "hookfail";
    installV1("hf", ns, false, "a");
    ActionOptions o = options();
    ActionOptions quick = o.withTimeout(Duration.ofSeconds(2));
    assertThatThrownBy(
            () ->
                engine.upgrade(
                    AppChart.load(work, "1.1.0", false, "busybox:fail"),
                    request("hf", ns, values("b"), quick)))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("pre-upgrade hook Job/hookfail/hf-migrate failed")
        .satisfies(
            e -> assertThat(((ReleaseException) e).kind()).isEqualTo(ReleaseException.Kind.HOOK));
    assertThat(engine.history(ns, "hf"))
        .extracting(r -> r.version() + " " + r.status().helm())
        .containsExactly("2 failed", "1 deployed");
    assertThat(engine.latest(ns, "hf").orElseThrow().description())
        .startsWith("Upgrade \"hf\" failed: pre-upgrade hook Job/hookfail/hf-migrate failed");
    assertThat(kube.client().configMaps().inNamespace(ns).withName("hf-app-config").get().getData())
        .as("nothing applied after the failed pre-hook")
        .containsEntry("message", "a");
  }

  @Test
  void aPendingReleaseIsLockedUntilUnlocked() throws Exception {
    String ns = "locked";
    Release v1 = installV1("lk", ns, false, "a");
    // a process killed mid-upgrade leaves revision 2 pending-upgrade
    ReleaseStorage storage = new ReleaseStorage(kube.client(), java.time.Clock.systemUTC());
    StoredRelease one = storage.get(ns, "lk", 1).orElseThrow();
    ObjectNode two = one.json().deepCopy().put("version", 2);
    storage.create(
        new StoredRelease(two, Map.of(), ns)
            .withStatus(ReleaseStatus.PENDING_UPGRADE, "Preparing upgrade"));
    LoadedChart chart = AppChart.load(work, "1.1.0", false, "busybox:1.36");
    assertThatThrownBy(() -> engine.upgrade(chart, request("lk", ns, values("b"), options())))
        .hasMessageContaining("another operation (install/upgrade/rollback) is in progress");
    Release pending = engine.latest(ns, "lk").orElseThrow();
    assertThat(pending.status().pending()).isTrue();
    Release unlocked = engine.unlock(pending);
    assertThat(unlocked.status()).isEqualTo(ReleaseStatus.FAILED);
    assertThat(unlocked.description())
        .isEqualTo("Release unlocked from stale 'pending-upgrade' state");
    Release v3 = engine.upgrade(chart, request("lk", ns, values("b"), options()));
    assertThat(v3.version()).isEqualTo(3);
    assertThat(engine.history(ns, "lk"))
        .extracting(r -> r.version() + " " + r.status().helm())
        .containsExactly("3 deployed", "2 failed", "1 superseded");
    assertThat(v1.version()).isEqualTo(1);
  }

  @Test
  void maxHistoryPrunesTheOldestRevisions() throws Exception {
    String ns = "pruned";
    ActionOptions o = options();
    ActionOptions two = o.withDisableHooks(true).withMaxHistory(2);
    LoadedChart chart = AppChart.load(work, "1.0.0", false, "busybox:1.36");
    engine.install(chart, request("mh", ns, values("1"), two));
    for (int i = 2; i <= 4; i++) engine.upgrade(chart, request("mh", ns, values("" + i), two));
    assertThat(engine.history(ns, "mh")).extracting(Release::version).containsExactly(4, 3);
  }

  @Test
  void badInputFailsBeforeAnythingIsStored() throws Exception {
    String ns = "bad";
    LoadedChart chart = AppChart.load(work, "1.0.0", false, "busybox:1.36");
    ObjectNode wrongType = JsonNodeFactory.instance.objectNode().put("message", 42);
    assertThatThrownBy(() -> engine.install(chart, request("schema", ns, wrongType, options())))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("message")
        .satisfies(
            e -> assertThat(((ReleaseException) e).kind()).isEqualTo(ReleaseException.Kind.CHART));
    assertThat(engine.history(ns, "schema")).isEmpty();

    Releases oldCluster =
        HelmEngine.create(kube.client(), EngineOptions.defaults().withKubeVersion("v1.19.0"));
    assertThatThrownBy(() -> oldCluster.install(chart, request("old", ns, values("x"), options())))
        .hasMessageContaining("kubeVersion")
        .hasMessageContaining("1.19.0");

    String longName = "a".repeat(54);
    assertThatThrownBy(() -> engine.install(chart, request(longName, ns, values("x"), options())))
        .hasMessageContaining("at most 53 characters");

    ActionOptions o = options();
    ActionOptions noSchema = o.withDisableHooks(true).withDisableSchemaValidation(true);
    assertThat(engine.install(chart, request("noschema", ns, wrongType, noSchema)).status())
        .as("disableSchemaValidation")
        .isEqualTo(ReleaseStatus.DEPLOYED);
  }

  @Test
  void aReleaseHelmInstalledIsUpgradedByTheEngine() throws Exception {
    String ns = "adopt";
    kube.client().namespaces().resource(HelmStorageCompatibilityIT.ns(ns)).create();
    Path dir = TestCharts.dir(work.resolve("adopt"), "demo", TestCharts.demo("1.2.3", "4.5"));
    new Helm(dir)
        .install()
        .withName("legacy")
        .withNamespace(ns)
        .withKubeConfigContents(helm.kubeconfig)
        .call();
    LoadedChart next =
        (LoadedChart) Charts.load(TestCharts.tgz(work, "demo", TestCharts.demo("1.3.0", "4.6")));
    ObjectNode v = JsonNodeFactory.instance.objectNode().put("greeting", "flotilla");
    Release r = engine.upgrade(next, request("legacy", ns, v, options()));
    assertThat(r.version()).isEqualTo(2);
    assertThat(helm.history(ns, "legacy"))
        .extracting(h -> h.getRevision() + " " + h.getStatus() + " " + h.getChart())
        .containsExactly("1 superseded demo-1.2.3", "2 deployed demo-1.3.0");
    assertThat(helm.values(ns, "legacy")).contains("greeting: flotilla");
    assertThat(kube.client().configMaps().inNamespace(ns).withName("legacy-cm").get().getData())
        .containsEntry("greeting", "flotilla");
  }

  @Test
  void anImmutableFieldFailsTheUpgradeNamingTheObjectUnlessForced() throws Exception {
    String ns = "immutable";
    Map<String, String> files =
        Map.of(
            "Chart.yaml",
            "apiVersion: v2\nname: batch\nversion: 0.1.0\n",
            "templates/job.yaml",
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: once
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: run
                    image: {{ .Values.image }}
            """);
    Chart chart = Charts.load(TestCharts.tgz(work, "batch", files));
    ObjectNode a = JsonNodeFactory.instance.objectNode().put("image", "busybox:1.36");
    ObjectNode b = JsonNodeFactory.instance.objectNode().put("image", "busybox:1.37");
    engine.install(chart, request("im", ns, a, options()));
    assertThatThrownBy(() -> engine.upgrade(chart, request("im", ns, b, options())))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("Job/immutable/once")
        .hasMessageContaining("immutable")
        .satisfies(
            e -> assertThat(((ReleaseException) e).kind()).isEqualTo(ReleaseException.Kind.APPLY));
    assertThat(engine.latest(ns, "im").orElseThrow().status()).isEqualTo(ReleaseStatus.FAILED);
    Release forced = engine.upgrade(chart, request("im", ns, b, options().withForce(true)));
    assertThat(forced.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(
            kube.client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName("once")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("busybox:1.37");
  }

  static Release.Hook hook(Release r, String name) {
    return r.hooks().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
  }

  static GenericKubernetesResource widget(String ns, String name) {
    return kube.client()
        .genericKubernetesResources(
            new ResourceDefinitionContext.Builder()
                .withGroup("example.com")
                .withVersion("v1")
                .withKind("Widget")
                .withPlural("widgets")
                .withNamespaced(true)
                .build())
        .inNamespace(ns)
        .withName(name)
        .get();
  }

  /** Waits on a condition (never a fixed sleep). */
  static final class Awaitility {
    static void gone(java.util.function.Supplier<Object> get) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> get.get() == null);
    }
  }
}
