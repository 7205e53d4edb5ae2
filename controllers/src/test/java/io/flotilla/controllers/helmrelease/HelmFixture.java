package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.controllers.ReleaseChecks;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.TestObjects;
import io.flotilla.testkit.helm.ChartRepoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * What the helm-controller ITs share: the embedded API, our test charts served by a loopback
 * repository ({@code HelmRepository default/charts}), the controllers with the real engine, and
 * readers for what a user would look at (conditions, history, events, Helm's storage).
 */
final class HelmFixture implements AutoCloseable {
  static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  final TestKube kube;
  final KubernetesClient client;
  final ChartRepoServer charts;
  final Path dataDir;
  private Controllers controllers;

  private HelmFixture(TestKube kube, ChartRepoServer charts, Path dataDir) {
    this.kube = kube;
    this.client = kube.client();
    this.charts = charts;
    this.dataDir = dataDir;
  }

  /** The API (CRDs installed), the chart repository and its HelmRepository; no controllers yet. */
  static HelmFixture start(Path tmp, KubeApiOptions api) {
    TestKube kube = TestKube.start(api);
    Crds.install(kube.client());
    HelmFixture f =
        new HelmFixture(kube, ChartRepoServer.withTestCharts(tmp.resolve("charts")), tmp);
    f.apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata: {name: charts, namespace: default}
        spec: {interval: 10m, url: "%s"}
        """
            .formatted(f.charts.url()));
    return f;
  }

  /**
   * {@code flux reconcile source helm charts}: after charts were published, waits until the
   * HelmRepository has handled the request (its artifact then lists them).
   */
  void refreshRepository() {
    String requestedAt =
        requestReconcile("source.toolkit.fluxcd.io/v1", "HelmRepository", "charts");
    awaitHandled("source.toolkit.fluxcd.io/v1", "HelmRepository", "charts", requestedAt);
  }

  /**
   * {@code flux reconcile}: sets {@code reconcile.fluxcd.io/requestedAt} on {@code default/<name>}
   * and returns the value written.
   */
  String requestReconcile(String apiVersion, String kind, String name) {
    String requestedAt = java.time.Instant.now().toString();
    client
        .genericKubernetesResources(apiVersion, kind)
        .inNamespace("default")
        .withName(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\"%s\"}}}"
                .formatted(requestedAt));
    return requestedAt;
  }

  /** Waits until the object reports {@code requestedAt} as its lastHandledReconcileAt. */
  void awaitHandled(String apiVersion, String kind, String name, String requestedAt) {
    client
        .genericKubernetesResources(apiVersion, kind)
        .inNamespace("default")
        .withName(name)
        .waitUntilCondition(
            r ->
                r != null
                    && r.getAdditionalProperties().get("status") instanceof java.util.Map<?, ?> st
                    && requestedAt.equals(st.get("lastHandledReconcileAt")),
            CONVERGE.toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** With the controllers running on the fixture's own client. */
  static HelmFixture startWithControllers(Path tmp) {
    HelmFixture f = start(tmp, KubeApiOptions.defaults());
    f.startControllers(f.client);
    return f;
  }

  ControllerOptions options() {
    return ControllerOptions.defaults(dataDir.resolve("data"))
        .withRequeueDependency(Duration.ofSeconds(1));
  }

  /** Starts the controllers acting through {@code through} (closing those running before). */
  Controllers startControllers(KubernetesClient through) {
    stopControllers();
    controllers = Controllers.start(through, options());
    return controllers;
  }

  void stopControllers() {
    if (controllers != null) controllers.close();
    controllers = null;
  }

  /** A second client to the same API, as another process would have. */
  KubernetesClient newClient() {
    Config config =
        new ConfigBuilder()
            .withMasterUrl(kube.api().url())
            .withOauthToken(kube.api().adminToken())
            .build();
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Creates or updates any object given as YAML (server-side apply as a user would). */
  void apply(String yaml) {
    TestObjects.apply(client, yaml);
  }

  /**
   * Applies {@code HelmRelease default/<name>} of {@code chart@version} from the fixture's
   * repository; {@code spec} is more of the spec, as YAML at the spec's indentation (may be empty).
   */
  void release(String name, String chart, String version, String spec) {
    apply(ReleaseChecks.releaseYaml(name, chart, version, "charts", spec));
  }

  /** Waits until the HelmRelease is Ready for its current generation. */
  void awaitReady(String name) {
    org.awaitility.Awaitility.await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                org.assertj.core.api.Assertions.assertThat(readyNow(name))
                    .as(() -> dump(name))
                    .isTrue());
  }

  /** Waits until a condition reads {@code "<status> <reason>: …"} starting with {@code prefix}. */
  void awaitCondition(String name, String type, String prefix) {
    org.awaitility.Awaitility.await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                org.assertj.core.api.Assertions.assertThat(condition(name, type))
                    .as(() -> dump(name))
                    .startsWith(prefix));
  }

  /** ConfigMap {@code default/name}, as a release made it; null when there is none. */
  ConfigMap configMap(String name) {
    return client.configMaps().inNamespace("default").withName(name).get();
  }

  /** Deployment {@code default/name}, as a release made it; null when there is none. */
  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace("default").withName(name).get();
  }

  HelmRelease hr(String name) {
    return client.resources(HelmRelease.class).inNamespace("default").withName(name).get();
  }

  /** {@code "<status> <reason>: <message>"} of a condition, or null. */
  String condition(String name, String type) {
    HelmRelease hr = hr(name);
    if (hr == null || hr.getStatus() == null || hr.getStatus().conditions() == null) return null;
    return hr.getStatus().conditions().stream()
        .filter(c -> c.type().equals(type))
        .map(HelmFixture::text)
        .findFirst()
        .orElse(null);
  }

  static String text(Condition c) {
    return c.status() + " " + c.reason() + ": " + c.message();
  }

  String ready(String name) {
    return condition(name, "Ready");
  }

  /** Whether Ready is True for the object's current generation. */
  boolean readyNow(String name) {
    HelmRelease hr = hr(name);
    return hr != null
        && hr.getStatus() != null
        && hr.getStatus().conditions() != null
        && hr.getStatus().observedGeneration() != null
        && hr.getStatus().observedGeneration().equals(hr.getMetadata().getGeneration())
        && hr.getStatus().conditions().stream()
            .anyMatch(c -> c.type().equals("Ready") && c.isTrue());
  }

  /** {@code "<version> <status>"} of each history entry, newest first. */
  List<String> history(String name) {
    HelmRelease hr = hr(name);
    if (hr == null || hr.getStatus() == null || hr.getStatus().history() == null) return List.of();
    return hr.getStatus().history().stream().map(s -> s.version() + " " + s.status()).toList();
  }

  /** Helm's storage Secrets of a release, newest first. */
  List<Secret> storage(String namespace, String release) {
    return client
        .secrets()
        .inNamespace(namespace)
        .withLabel("owner", "helm")
        .withLabel("name", release)
        .list()
        .getItems()
        .stream()
        .sorted(
            Comparator.comparing(
                    (Secret s) -> Integer.parseInt(s.getMetadata().getLabels().get("version")))
                .reversed())
        .toList();
  }

  /** {@code "<version> <status>"} of each stored revision, newest first. */
  List<String> storedStatuses(String namespace, String release) {
    return storage(namespace, release).stream()
        .map(
            s ->
                s.getMetadata().getLabels().get("version")
                    + " "
                    + s.getMetadata().getLabels().get("status"))
        .toList();
  }

  /** Helm's release JSON of a storage Secret: base64(gzip(JSON)) inside the Secret's data. */
  static JsonNode release(Secret s) {
    byte[] helm = Base64.getDecoder().decode(s.getData().get("release"));
    byte[] gz = Base64.getDecoder().decode(helm);
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code "<type> <reason>: <message>"} of the events about a HelmRelease, oldest first. */
  List<String> events(String name) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "HelmRelease".equals(e.getInvolvedObject().getKind()))
        .sorted(Comparator.comparing(HelmFixture::eventTime))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }

  private static String eventTime(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getFirstTimestamp();
    return t == null ? "" : t;
  }

  /** What a user would look at when a wait times out: conditions, storage, hooks, workloads. */
  String dump(String name) {
    HelmRelease hr = hr(name);
    StringBuilder b = new StringBuilder("\nHelmRelease ").append(name).append(":");
    if (hr != null && hr.getStatus() != null && hr.getStatus().conditions() != null) {
      hr.getStatus()
          .conditions()
          .forEach(c -> b.append("\n  ").append(c.type()).append(' ').append(text(c)));
      b.append("\n  history ").append(history(name));
    }
    b.append("\nstorage ").append(storedStatuses("default", name));
    f(
        b,
        "jobs",
        described(
            client.batch().v1().jobs().inAnyNamespace().list().getItems(),
            Job::getStatus,
            "=",
            JobStatus::getConditions));
    f(
        b,
        "deployments",
        described(
            client.apps().deployments().inAnyNamespace().list().getItems(),
            Deployment::getStatus,
            " ready=",
            DeploymentStatus::getReadyReplicas));
    f(b, "events", events(name));
    return b.toString();
  }

  /** {@code <name><label><field>} of each object; the field is null while it has no status. */
  private static <T extends HasMetadata, S> List<String> described(
      List<T> objects, Function<T, S> status, String label, Function<S, Object> field) {
    return objects.stream()
        .map(
            o -> {
              S st = status.apply(o);
              return o.getMetadata().getName() + label + (st == null ? null : field.apply(st));
            })
        .toList();
  }

  private static void f(StringBuilder b, String what, List<String> items) {
    b.append("\n").append(what).append(":");
    items.forEach(i -> b.append("\n  ").append(i));
  }

  @Override
  public void close() {
    stopControllers();
    charts.close();
    kube.close();
  }
}
