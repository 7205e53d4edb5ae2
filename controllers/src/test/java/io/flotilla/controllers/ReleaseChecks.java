package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.testkit.ReconcileRequest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * What a user writes to release a chart and looks at to see how it went, read the way they would
 * read it (public for the HelmRelease ITs in {@code helmrelease}).
 */
public final class ReleaseChecks {
  static final Duration CONVERGE = Duration.ofSeconds(60);

  private ReleaseChecks() {}

  /**
   * {@code HelmRelease default/<name>} every 10m: {@code chartSpec} is its {@code spec.chart.spec},
   * {@code spec} more of the spec (YAML, each at its own indentation; may be empty).
   */
  public static String releaseYaml(String name, String chartSpec, String spec) {
    return """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: %s, namespace: default}
        spec:
          interval: 10m
          chart:
            spec:
        %s%s"""
        .formatted(name, chartSpec.indent(6), spec.indent(2));
  }

  /** {@link #releaseYaml} of {@code chart@version} from {@code HelmRepository default/<repo>}. */
  public static String releaseYaml(
      String name, String chart, String version, String repo, String spec) {
    return releaseYaml(
        name,
        "chart: %s\nversion: '%s'\nsourceRef: {kind: HelmRepository, name: %s}"
            .formatted(chart, version, repo),
        spec);
  }

  /**
   * {@code HelmRepository default/<name>} of {@code url}, its index fetched every {@code interval}.
   */
  public static String repositoryYaml(String name, String url, String interval) {
    return """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata: {name: %s, namespace: default}
        spec: {interval: %s, url: "%s"}
        """
        .formatted(name, interval, url);
  }

  /**
   * {@code HelmChart default/<name>}: {@code chart} at {@code version} (null: the latest) from
   * {@code sourceKind/source}, checked every {@code interval}.
   */
  public static String chartYaml(
      String name,
      String chart,
      String version,
      String sourceKind,
      String source,
      String interval) {
    return """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata: {name: %s, namespace: default}
        spec:
          chart: %s
          %s
          sourceRef: {kind: %s, name: %s}
          interval: %s
        """
        .formatted(
            name,
            chart,
            version == null ? "" : "version: \"" + version + "\"",
            sourceKind,
            source,
            interval);
  }

  static HelmRelease release(KubernetesClient client, String ns, String name) {
    return client.resources(HelmRelease.class).inNamespace(ns).withName(name).get();
  }

  /** {@code "<status> <reason>: <message>"} of Ready, or null. */
  public static String ready(List<Condition> conditions) {
    if (conditions == null) return null;
    return conditions.stream()
        .filter(c -> c.type().equals("Ready"))
        .map(c -> c.status() + " " + c.reason() + ": " + c.message())
        .findFirst()
        .orElse(null);
  }

  public static String ready(HelmRelease hr) {
    return hr == null || hr.getStatus() == null ? null : ready(hr.getStatus().conditions());
  }

  /**
   * Waits until Ready reads {@code prefix…} for the HelmRelease's current generation (each
   * reconcile starts with Ready=Unknown, as in Flux, so it is judged where it is seen).
   */
  static void awaitReady(KubernetesClient client, String ns, String name, String prefix) {
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              HelmRelease hr = release(client, ns, name);
              assertThat(ready(hr)).as(() -> String.valueOf(hr)).startsWith(prefix);
              assertThat(hr.getStatus().conditions())
                  .filteredOn(c -> c.type().equals("Ready"))
                  .extracting(Condition::observedGeneration)
                  .containsExactly(hr.getMetadata().getGeneration());
            });
  }

  /** {@code "<version> <status>"} of Helm's storage Secrets of a release, newest first. */
  public static List<String> storedStatuses(KubernetesClient client, String ns, String release) {
    return client
        .secrets()
        .inNamespace(ns)
        .withLabel("owner", "helm")
        .withLabel("name", release)
        .list()
        .getItems()
        .stream()
        .map(Secret::getMetadata)
        .sorted(
            Comparator.comparing((ObjectMeta m) -> Integer.parseInt(m.getLabels().get("version")))
                .reversed())
        .map(m -> m.getLabels().get("version") + " " + m.getLabels().get("status"))
        .toList();
  }

  /** {@code "<version> <status>"} of each entry of the HelmRelease's history, newest first. */
  static List<String> history(KubernetesClient client, String ns, String name) {
    return release(client, ns, name).getStatus().history().stream()
        .map(s -> s.version() + " " + s.status())
        .toList();
  }

  /** What the test podinfo chart made of {@code ui.message} in its ConfigMap. */
  static String uiMessage(KubernetesClient client, String ns, String configMap) {
    return client
        .configMaps()
        .inNamespace(ns)
        .withName(configMap)
        .get()
        .getData()
        .get("PODINFO_UI_MESSAGE");
  }

  /** {@code flux reconcile …}: asks for a reconcile now, not at the object's interval. */
  static <T extends HasMetadata> void requestReconcile(
      KubernetesClient client, Class<T> type, String ns, String name) {
    ReconcileRequest.send(
        client.resources(type).inNamespace(ns).withName(name), String.valueOf(System.nanoTime()));
  }
}
