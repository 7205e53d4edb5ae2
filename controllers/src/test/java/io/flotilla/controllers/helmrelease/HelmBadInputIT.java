package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.controllers.ReleaseChecks;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.TestObjects;
import io.flotilla.testkit.helm.ChartRepoServer;
import io.flotilla.testkit.helm.TestCharts;
import io.flotilla.testkit.http.StaticFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12's bad input, as a user sees it: for each case, given this input, the object's Ready
 * condition is False with Flux's reason and a message naming the object and what to fix; nothing is
 * half-installed (no released objects, Helm's storage as Helm leaves it); a healthy release
 * installed alongside stays Ready and untouched; then the fix is applied and the release recovers.
 *
 * <p>One cluster for the table (the embedded API, controllers with cross-namespace references
 * refused as under multi-tenancy), a chart repository serving the test charts plus charts packaged
 * here (a template error, a failing hook, a Deployment whose selector changes), and a raw server
 * for what no chart repository should serve (not YAML, too large, an archive escaping its root).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmBadInputIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String NS = "default";
  private static final String HEALTHY = "healthy";
  private static final String HEALTHY_READY =
      "True InstallSucceeded: Helm install succeeded for release default/healthy.v1 with chart"
          + " podinfo@6.0.3";
  private static final long MAX_INDEX_BYTES = 50L << 20;

  @RegisterExtension
  static final RunningControllers cluster =
      RunningControllers.with(
          o -> o.withRequeueDependency(Duration.ofSeconds(1)).withMultiTenancy(true));

  static Path tmp;
  @AutoClose static ChartRepoServer charts;
  @AutoClose static StaticFiles raw;
  static byte[] podinfo603;
  static Map<String, String> healthyVersions;

  @BeforeAll
  static void start() throws IOException {
    tmp = Files.createTempDirectory("helm-bad-input-");
    charts = ChartRepoServer.withTestCharts(tmp.resolve("charts"));
    Path own = tmp.resolve("own");
    charts.publish(chart(own, "broken", "1.0.0", BROKEN_TEMPLATE));
    charts.publish(chart(own, "broken", "1.0.1", CONFIGMAP));
    charts.publish(chart(own, "hooked", "1.0.0", CONFIGMAP + "---\n" + HOOK));
    charts.publish(chart(own, "moving", "1.0.0", deployment("app: moving")));
    charts.publish(chart(own, "moving", "2.0.0", deployment("app: moving\n      tier: web")));
    podinfo603 =
        Files.readAllBytes(
            TestCharts.packageEach(
                    List.of(new TestCharts.Version("podinfo", "6.0.3", "6.0.3")),
                    tmp.resolve("single"))
                .get(0));
    raw = StaticFiles.start();
    cluster.apply(repository("charts", charts.url()));
    cluster.apply(release(HEALTHY, "podinfo", "6.0.x", "charts", ""));
    await().atMost(CONVERGE).until(() -> HEALTHY_READY.equals(ready("HelmRelease", HEALTHY)));
    healthyVersions = healthyState();
  }

  /** The healthy release, after every case: still Ready, its storage and objects untouched. */
  @AfterEach
  void healthyReleaseUntouched() {
    assertThat(ready("HelmRelease", HEALTHY)).isEqualTo(HEALTHY_READY);
    assertThat(healthyState()).isEqualTo(healthyVersions);
  }

  // --- the table ---------------------------------------------------------------------------

  /**
   * One row: what the user applies, what Ready says on which objects ({@code …} matches anything),
   * what is left in the cluster, the fix, and what Ready says after it.
   */
  record Case(
      String name,
      Runnable given,
      List<Expect> expect,
      Runnable leftBehind,
      Runnable fix,
      Expect recovered) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The Ready condition of one object, as {@code <status> <reason>: <message>}. */
  record Expect(String kind, String name, String ready) {}

  static Expect releaseReady(String name, String ready) {
    return new Expect("HelmRelease", name, ready);
  }

  static Stream<Case> cases() {
    return Stream.of(
        repositoryCase(
            "unreachable repository",
            "gone",
            () -> cluster.apply(repository("gone", "http://127.0.0.1:" + closedPort() + "/charts")),
            "False Failed: failed to fetch Helm repository index: failed to cache index to"
                + " temporary file: failed to fetch http://127.0.0.1:…/charts/index.yaml : dial tcp"
                + " 127.0.0.1:…: connect: connection refused",
            () -> cluster.apply(repository("gone", charts.url()))),
        repositoryCase(
            "an index that is not YAML",
            "notyaml",
            () -> {
              raw.put("notyaml/index.yaml", "<html><body>Sign in</body></html>\n");
              cluster.apply(repository("notyaml", raw.url("notyaml")));
            },
            "False IndexationFailed: failed to load Helm repository from index YAML: failed to"
                + " load index: the document is a plain text or scalar value, not a Helm repository"
                + " index (a mapping with 'apiVersion' and 'entries'); check that spec.url points"
                + " at a chart repository",
            () -> {
              rawRepository("notyaml", podinfo603);
              requestReconcile("HelmRepository", "notyaml");
            }),
        repositoryCase(
            "an index too large",
            "big",
            () -> {
              raw.huge("big/index.yaml", MAX_INDEX_BYTES + 1);
              cluster.apply(repository("big", raw.url("big")));
            },
            "False Failed: failed to fetch Helm repository index: failed to cache index to"
                + " temporary file: index exceeds the maximum index file size of 52428800 bytes",
            () -> {
              rawRepository("big", podinfo603);
              requestReconcile("HelmRepository", "big");
            }),
        chartCase(
            "chart not found",
            "nochart",
            "nosuchchart",
            "*",
            "invalid chart reference: failed to get chart version for remote reference: no chart"
                + " name found: the repository index has no chart 'nosuchchart' (check the chart"
                + " name)",
            "podinfo@6.1.0"),
        chartCase(
            "version not found",
            "noversion",
            "podinfo",
            "9.9.x",
            "invalid chart reference: failed to get chart version for remote reference: no"
                + " 'podinfo' chart with version matching '9.9.x' found",
            "podinfo@6.0.3"),
        releaseCase(
            "a valuesFrom ConfigMap missing",
            "novalues",
            applying(
                "novalues",
                "podinfo",
                "6.0.x",
                "valuesFrom: [{kind: ConfigMap, name: novalues-values}]"),
            "False ValuesError: could not resolve ConfigMap chart values reference"
                + " 'default/novalues-values' with key 'values.yaml': configmaps"
                + " \"novalues-values\" not found",
            () ->
                cluster
                    .client()
                    .configMaps()
                    .inNamespace(NS)
                    .resource(
                        TestObjects.configMap(
                            NS,
                            "novalues-values",
                            Map.of("values.yaml", "ui: {message: from a ConfigMap}\n")))
                    .create(),
            "podinfo@6.0.3"),
        new Case(
            "a valuesFrom ConfigMap missing but optional",
            applying(
                "optvalues",
                "podinfo",
                "6.0.x",
                "valuesFrom: [{kind: ConfigMap, name: optvalues-values, optional: true}]"),
            List.of(installed("optvalues", "podinfo@6.0.3")),
            () -> assertThat(storage("optvalues")).containsExactly("1 deployed"),
            () -> {},
            installed("optvalues", "podinfo@6.0.3")),
        releaseCase(
            "values that fail the chart's schema",
            "schema",
            applying("schema", "podinfo", "6.0.x", "values: {replicaCount: two}"),
            "False InstallFailed: Helm install failed for release default/schema with"
                + " chart podinfo@6.0.3: values don't meet the specifications of the"
                + " schema(s) in the following chart(s):\npodinfo:\n- at '/replicaCount':"
                + " got string, want integer",
            applying("schema", "podinfo", "6.0.x", "values: {replicaCount: 2}"),
            "podinfo@6.0.3"),
        releaseCase(
            "a template error",
            "tpl",
            applying("tpl", "broken", "1.0.0", ""),
            "False InstallFailed: Helm install failed for release default/tpl with chart"
                + " broken@1.0.0: …broken/templates/…nosuchfunction…",
            applying("tpl", "broken", "1.0.1", ""),
            "broken@1.0.1"),
        new Case(
            "a pre-install hook that fails",
            applying("hook", "hooked", "1.0.0", "values: {hookImage: 'busybox:fail'}"),
            List.of(
                releaseReady(
                    "hook",
                    "False InstallFailed: Helm install failed for release default/hook with chart"
                        + " hooked@1.0.0: pre-install hook Job/default/hook-migrate failed: job"
                        + " failed: BackoffLimitExceeded (Job has reached the specified backoff"
                        + " limit)")),
            () -> {
              // Helm records the failed release and creates none of the chart's objects
              assertThat(storage("hook")).containsExactly("1 failed");
              assertThat(released("hook")).isEmpty();
            },
            applying("hook", "hooked", "1.0.0", "values: {hookImage: 'busybox:1'}"),
            releaseReady(
                "hook",
                "True UpgradeSucceeded: Helm upgrade succeeded for release default/hook.v2 with"
                    + " chart hooked@1.0.0")),
        new Case(
            "a test that fails",
            applying(
                "tested",
                "podinfo",
                "6.0.x",
                "test: {enable: true}\nvalues: {tests: {image: 'curlimages/curl:fail'}}"),
            List.of(
                releaseReady(
                    "tested",
                    "False TestFailed: Helm test failed for release default/tested.v1 with chart"
                        + " podinfo@6.0.3: …tested-podinfo-test-connection…")),
            // the release itself is deployed; only its tests failed
            () -> assertThat(storage("tested")).containsExactly("1 deployed"),
            applying(
                "tested",
                "podinfo",
                "6.0.x",
                "test: {enable: true}\nvalues: {tests: {image: 'curlimages/curl:8'}}"),
            releaseReady(
                "tested",
                "True TestSucceeded: Helm test succeeded for release default/tested.v… with chart"
                    + " podinfo@6.0.3: 1 test hook completed successfully")),
        new Case(
            "an immutable-field upgrade",
            () -> {
              cluster.apply(release("immutable", "moving", "1.0.0", "charts", ""));
              await()
                  .atMost(CONVERGE)
                  .untilAsserted(
                      () ->
                          assertMatches(
                              ready("HelmRelease", "immutable"),
                              installed("immutable", "moving@1.0.0").ready()));
              cluster.apply(release("immutable", "moving", "2.0.0", "charts", ""));
            },
            List.of(
                releaseReady(
                    "immutable",
                    "False UpgradeFailed: Helm upgrade failed for release default/immutable with"
                        + " chart moving@2.0.0: …Deployment…immutable-moving…field is immutable…")),
            () -> {
              assertThat(storage("immutable")).containsExactly("1 deployed", "2 failed");
              assertThat(
                      cluster
                          .client()
                          .apps()
                          .deployments()
                          .inNamespace(NS)
                          .withName("immutable-moving")
                          .get()
                          .getSpec()
                          .getSelector()
                          .getMatchLabels())
                  .isEqualTo(Map.of("app", "moving"));
            },
            applying("immutable", "moving", "2.0.0", "upgrade: {force: true}"),
            releaseReady(
                "immutable",
                "True UpgradeSucceeded: Helm upgrade succeeded for release default/immutable.v3"
                    + " with chart moving@2.0.0")),
        new Case(
            "a default release name over 53 characters is shortened",
            applying(LONG_NAME, "podinfo", "6.0.x", ""),
            List.of(
                releaseReady(
                    LONG_NAME,
                    "True InstallSucceeded: Helm install succeeded for release default/"
                        + ReleaseNames.shorten(LONG_NAME)
                        + ".v1 with chart podinfo@6.0.3")),
            () ->
                assertThat(storage(ReleaseNames.shorten(LONG_NAME))).containsExactly("1 deployed"),
            () -> {},
            releaseReady(
                LONG_NAME,
                "True InstallSucceeded: Helm install succeeded for release default/"
                    + ReleaseNames.shorten(LONG_NAME)
                    + ".v1 with chart podinfo@6.0.3")),
        new Case(
            "a cross-namespace sourceRef under multi-tenancy",
            () -> {
              cluster.namespace("tenant-b");
              cluster.apply(
                  repository("charts", charts.url())
                      .replace("namespace: default", "namespace: tenant-b"));
              cluster.apply(
                  release("crossns", "podinfo", "6.0.x", "charts", "")
                      .replace("name: charts}", "name: charts, namespace: tenant-b}"));
            },
            List.of(
                releaseReady(
                    "crossns",
                    "False AccessDenied: cross-namespace references are not allowed: cannot access"
                        + " HelmChart tenant-b/default-crossns")),
            () -> {
              nothingInstalled("crossns");
              // nothing was written in the other tenant's namespace either
              assertThat(
                      cluster
                          .client()
                          .genericKubernetesResources(ChartTemplate.HELM_CHARTS)
                          .inNamespace("tenant-b")
                          .list()
                          .getItems())
                  .isEmpty();
            },
            applying("crossns", "podinfo", "6.0.x", ""),
            installed("crossns", "podinfo@6.0.3")),
        new Case(
            "a chart archive whose paths escape its root",
            () -> {
              rawRepository("evil", evilArchive());
              cluster.apply(repository("evil", raw.url("evil")));
              cluster.apply(release("evil", "podinfo", "6.0.x", "evil", ""));
            },
            List.of(
                new Expect(
                    "HelmChart",
                    "default-evil",
                    "False ChartPullError: chart pull error: failed to load chart metadata from"
                        + " written chart: chart illegally references parent directory:"
                        + " 'podinfo/../../escaped.txt'; the archive is refused, a chart's files"
                        + " must all be inside its top directory"),
                releaseReady(
                    "evil",
                    "False SourceNotReady: HelmChart 'default/default-evil' is not ready: chart pull error:"
                        + " …chart illegally references parent directory: 'podinfo/../../escaped.txt'…")),
            () -> {
              nothingInstalled("evil");
              assertThat(tmp.getParent().resolve("escaped.txt")).doesNotExist();
            },
            () -> {
              rawRepository("evil", podinfo603);
              requestReconcile("HelmChart", "default-evil");
            },
            installed("evil", "podinfo@6.0.3")));
  }

  static final String LONG_NAME = "a-release-whose-name-is-far-longer-than-helm-allows-at-all";

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @org.junit.jupiter.api.Order(1)
  void badInputIsReportedAndRecovers(Case c) {
    c.given().run();
    for (Expect e : c.expect()) {
      await()
          .atMost(CONVERGE)
          .untilAsserted(() -> assertMatches(ready(e.kind(), e.name()), e.ready()));
    }
    c.leftBehind().run();
    assertThat(ready("HelmRelease", HEALTHY)).isEqualTo(HEALTHY_READY);
    assertThat(healthyState()).isEqualTo(healthyVersions);
    c.fix().run();
    Expect r = c.recovered();
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertMatches(ready(r.kind(), r.name()), r.ready()));
  }

  /**
   * An explicit release name over Helm's 53 characters is refused by the API, as Flux's CRD does.
   */
  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.Order(2)
  void anExplicitReleaseNameOver53CharactersIsRefused() {
    String yaml = release("explicit", "podinfo", "6.0.x", "charts", "releaseName: " + LONG_NAME);
    assertThatThrownBy(() -> cluster.apply(yaml))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(
            "HelmRelease.helm.toolkit.fluxcd.io \"explicit\" is invalid: spec.releaseName: Too"
                + " long: may not be longer than 53");
    cluster.apply(release("explicit", "podinfo", "6.0.x", "charts", "releaseName: explicit-web"));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(ready("HelmRelease", "explicit"))
                    .isEqualTo(
                        "True InstallSucceeded: Helm install succeeded for release"
                            + " default/explicit-web.v1 with chart podinfo@6.0.3"));
  }

  // --- expectations ------------------------------------------------------------------------

  static Expect installed(String name, String chart) {
    return releaseReady(
        name,
        "True InstallSucceeded: Helm install succeeded for release default/"
            + name
            + ".v1 with chart "
            + chart);
  }

  /**
   * A release {@code name} that {@code given} breaks before anything is installed: its Ready says
   * {@code ready}, nothing is left behind, and after {@code fix} it installs {@code chart}.
   */
  static Case releaseCase(
      String title, String name, Runnable given, String ready, Runnable fix, String chart) {
    return new Case(
        title,
        given,
        List.of(releaseReady(name, ready)),
        () -> nothingInstalled(name),
        fix,
        installed(name, chart));
  }

  /**
   * A repository {@code name} broken by {@code given} and mended by {@code fix}, with a release of
   * the same name from it: the repository says what is wrong, the release that its chart waits.
   */
  static Case repositoryCase(
      String title, String name, Runnable given, String repositoryReady, Runnable fix) {
    return new Case(
        title,
        () -> {
          given.run();
          cluster.apply(release(name, "podinfo", "6.0.x", name, ""));
        },
        List.of(
            new Expect("HelmRepository", name, repositoryReady),
            releaseReady(
                name,
                "False SourceNotReady: HelmChart 'default/default-%s' is not ready: no artifact"
                        .formatted(name)
                    + " available for HelmRepository source '%s'".formatted(name))),
        () -> nothingInstalled(name),
        fix,
        installed(name, "podinfo@6.0.3"));
  }

  /**
   * A release of a chart or version the repository does not have: the HelmChart says so, the
   * release repeats it; the fix asks for podinfo {@code 6.0.x} or {@code *}.
   */
  static Case chartCase(
      String title, String name, String chart, String version, String chartError, String fixed) {
    String fixedVersion = chart.equals("podinfo") ? "6.0.x" : version;
    return new Case(
        title,
        applying(name, chart, version, ""),
        List.of(
            new Expect(
                "HelmChart", "default-" + name, "False InvalidChartReference: " + chartError),
            releaseReady(
                name,
                "False SourceNotReady: HelmChart 'default/default-%s' is not ready: %s"
                    .formatted(name, chartError))),
        () -> nothingInstalled(name),
        applying(name, "podinfo", fixedVersion, ""),
        installed(name, fixed));
  }

  static void assertMatches(String actual, String expected) {
    String regex =
        Arrays.stream(expected.split("…", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*"));
    assertThat(actual).isNotNull().matches(Pattern.compile(regex, Pattern.DOTALL));
  }

  /** No revision in Helm's storage and no object carrying the release's ownership marks. */
  static void nothingInstalled(String release) {
    assertThat(storage(release)).isEmpty();
    assertThat(released(release)).isEmpty();
  }

  /** {@code <version> <status>} of each stored revision, oldest first. */
  static List<String> storage(String release) {
    return ReleaseChecks.storedStatuses(cluster.client(), NS, release).reversed();
  }

  /** The objects Helm released for {@code release}: those with its ownership annotation. */
  static List<String> released(String release) {
    Stream<HasMetadata> all =
        Stream.of(
                cluster.client().apps().deployments().inNamespace(NS).list().getItems(),
                cluster.client().services().inNamespace(NS).list().getItems(),
                cluster.client().configMaps().inNamespace(NS).list().getItems())
            .flatMap(List::stream)
            .map(HasMetadata.class::cast);
    return all.filter(
            o ->
                o.getMetadata().getAnnotations() != null
                    && release.equals(
                        o.getMetadata().getAnnotations().get("meta.helm.sh/release-name")))
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .toList();
  }

  /** Resource versions of the healthy release's storage and objects. */
  static Map<String, String> healthyState() {
    Map<String, String> out = new java.util.TreeMap<>();
    cluster
        .client()
        .secrets()
        .inNamespace(NS)
        .withLabel("name", HEALTHY)
        .list()
        .getItems()
        .forEach(
            s ->
                out.put(
                    "Secret/" + s.getMetadata().getName(), s.getMetadata().getResourceVersion()));
    var d = cluster.client().apps().deployments().inNamespace(NS).withName("healthy-podinfo").get();
    out.put("Deployment/healthy-podinfo", d == null ? null : d.getMetadata().getResourceVersion());
    var svc = cluster.client().services().inNamespace(NS).withName("healthy-podinfo").get();
    out.put("Service/healthy-podinfo", svc == null ? null : svc.getMetadata().getResourceVersion());
    return out;
  }

  // --- objects -----------------------------------------------------------------------------

  /** Applies release {@code name} of {@code chart@version} from HelmRepository charts. */
  static Runnable applying(String name, String chart, String version, String extra) {
    return () -> cluster.apply(release(name, chart, version, "charts", extra));
  }

  static String repository(String name, String url) {
    return ReleaseChecks.repositoryYaml(name, url, "10m");
  }

  /** {@code extra} is more of the spec, as YAML at the spec's indentation (may be empty). */
  static String release(String name, String chart, String version, String repo, String extra) {
    return ReleaseChecks.releaseYaml(name, chart, version, repo, extra);
  }

  /** What {@code flux reconcile source helm} does: ask for a reconcile now. */
  static void requestReconcile(String kind, String name) {
    cluster
        .client()
        .genericKubernetesResources("source.toolkit.fluxcd.io/v1", kind)
        .inNamespace(NS)
        .withName(name)
        .patch(
            io.flotilla.testkit.ReconcileRequest.MERGE,
            io.flotilla.testkit.ReconcileRequest.patch(Instant.now().toString()));
  }

  /** {@code <status> <reason>: <message>} of an object's Ready condition, or null. */
  @SuppressWarnings("unchecked")
  static String ready(String kind, String name) {
    String apiVersion =
        kind.equals("HelmRelease") ? "helm.toolkit.fluxcd.io/v2" : "source.toolkit.fluxcd.io/v1";
    GenericKubernetesResource o =
        cluster
            .client()
            .genericKubernetesResources(apiVersion, kind)
            .inNamespace(NS)
            .withName(name)
            .get();
    if (o == null || !(o.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return null;
    }
    if (!(status.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> "Ready".equals(c.get("type")))
        .map(c -> c.get("status") + " " + c.get("reason") + ": " + c.get("message"))
        .findFirst()
        .orElse(null);
  }

  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- charts made here --------------------------------------------------------------------

  static final String CONFIGMAP = configMap("hello");

  static final String BROKEN_TEMPLATE = configMap("{{ .Values.greeting | nosuchfunction }}");

  /** A template of ConfigMap {@code <release>-<chart>} whose greeting is {@code greeting}. */
  static String configMap(String greeting) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-{{ .Chart.Name }}
        data:
          greeting: %s
        """
        .formatted(greeting);
  }

  static final String HOOK =
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: {{ .Release.Name }}-migrate
        annotations:
          helm.sh/hook: pre-install,pre-upgrade
          helm.sh/hook-delete-policy: before-hook-creation
      spec:
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: migrate
                image: {{ .Values.hookImage }}
      """;

  static String deployment(String selector) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}-{{ .Chart.Name }}
        spec:
          replicas: 1
          selector:
            matchLabels:
              %s
          template:
            metadata:
              labels:
                %s
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """
        .formatted(selector, selector.replace("\n      ", "\n        "));
  }

  /** Writes a one-template chart and packages it with Helm's own code. */
  static Path chart(Path dir, String name, String version, String template) {
    try {
      Path src = Files.createDirectories(dir.resolve("src-" + name + "-" + version).resolve(name));
      Files.writeString(
          src.resolve("Chart.yaml"),
          "apiVersion: v2\nname: %s\nversion: 0.0.0\nappVersion: 0.0.0\n".formatted(name));
      Files.writeString(src.resolve("values.yaml"), "greeting: hello\nhookImage: busybox:1\n");
      Files.createDirectories(src.resolve("templates"));
      Files.writeString(src.resolve("templates").resolve("main.yaml"), template);
      return TestCharts.packageChart(src, version, version, dir.resolve("dist"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A podinfo 6.0.3 archive with one entry that climbs out of the chart's directory. */
  static byte[] evilArchive() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
        entry(tar, "podinfo/Chart.yaml", "apiVersion: v2\nname: podinfo\nversion: 6.0.3\n");
        entry(tar, "podinfo/../../escaped.txt", "outside\n");
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void entry(TarArchiveOutputStream tar, String name, String content)
      throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(b.length);
    tar.putArchiveEntry(e);
    tar.write(b);
    tar.closeArchiveEntry();
  }

  /** A repository under {@code dir} of {@code raw} offering podinfo 6.0.3 as {@code archive}. */
  static void rawRepository(String dir, byte[] archive) {
    raw.put(
        dir + "/index.yaml",
        """
        apiVersion: v1
        entries:
          podinfo:
            - apiVersion: v2
              name: podinfo
              version: 6.0.3
              appVersion: 6.0.3
              urls: [podinfo-6.0.3.tgz]
        generated: "2024-01-01T00:00:00Z"
        """);
    raw.put(dir + "/podinfo-6.0.3.tgz", archive);
  }
}
