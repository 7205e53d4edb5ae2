package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.sourceReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.HelmChart;
import io.flotilla.api.flux.source.HelmChartSpec;
import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.testkit.helm.TestCharts;
import io.flotilla.testkit.http.StaticFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HelmRepository and HelmChart on the embedded API against a chart repository on loopback: given
 * these objects, expect Flux's conditions, reasons and artifacts.
 */
class HelmSourcesIT {
  @RegisterExtension static final RunningControllers cluster = RunningControllers.with(o -> o);

  @TempDir static Path tmp;
  @AutoClose static StaticFiles files;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    files = StaticFiles.start();
    base = files.url();
    files.put(
        "podinfo-6.0.3.tgz",
        Files.readAllBytes(TestCharts.helmCreate("podinfo", "6.0.3", tmp.resolve("src"))));
    files.put(
        "index.yaml",
        """
        apiVersion: v1
        entries:
          podinfo:
          - {name: podinfo, version: 6.0.3, urls: [podinfo-6.0.3.tgz]}
          - {name: podinfo, version: 6.1.0-rc.1, urls: [podinfo-6.1.0-rc.1.tgz]}
        """);
    files.put("html/index.yaml", "<html>Not a chart repository</html>\n");
  }

  static void repo(String name, String url) {
    cluster.create(HelmRepository.class, ReleaseChecks.repositoryYaml(name, url, "1m"));
  }

  static void chart(String name, String chart, String version, String repo) {
    cluster.create(
        HelmChart.class,
        ReleaseChecks.chartYaml(name, chart, version, "HelmRepository", repo, "1m"));
  }

  @Test
  void indexIsStoredAndAChartIsPulledFromIt() throws Exception {
    repo("podinfo", base);
    HelmRepository r = cluster.awaitSettled(HelmRepository.class, "podinfo");
    Condition c = sourceReady(r).orElseThrow();
    assertThat(c.status()).as(c.message()).isEqualTo("True");
    assertThat(c.reason()).isEqualTo("Succeeded");
    String revision = r.getStatus().artifact().revision();
    // as source-controller: the digest of the index as served (not of a re-encoding)
    assertThat(revision)
        .isEqualTo(
            "sha256:"
                + java.util.HexFormat.of()
                    .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256")
                            .digest(files.get("index.yaml"))));
    assertThat(c.message()).isEqualTo("stored artifact: revision '" + revision + "'");
    assertThat(r.getStatus().artifact().path())
        .isEqualTo("helmrepository/default/podinfo/index-" + revision.substring(7) + ".yaml");

    chart("default-podinfo", "podinfo", "*", "podinfo");
    HelmChart hc = cluster.awaitSettled(HelmChart.class, "default-podinfo");
    Condition hr = sourceReady(hc).orElseThrow();
    assertThat(hr.status()).as(hr.message()).isEqualTo("True");
    assertThat(hr.reason()).isEqualTo("ChartPullSucceeded");
    assertThat(hr.message()).isEqualTo("pulled 'podinfo' chart with version '6.0.3'");
    assertThat(hc.getStatus().artifact().revision()).isEqualTo("6.0.3");
    assertThat(hc.getStatus().artifact().path())
        .isEqualTo("helmchart/default/default-podinfo/podinfo-6.0.3.tgz");
    assertThat(hc.getStatus().observedChartName()).isEqualTo("podinfo");
    assertThat(hc.getStatus().observedSourceArtifactRevision()).isEqualTo(revision);
  }

  @Test
  void versionNotFoundStallsWithFluxsMessage() {
    repo("podinfo2", base);
    chart("missing-version", "podinfo", "9.x", "podinfo2");
    HelmChart hc =
        cluster.await(
            HelmChart.class,
            "missing-version",
            o ->
                o.getStatus() != null
                    && sourceReady(o)
                        .filter(c -> c.reason().equals("InvalidChartReference"))
                        .isPresent());
    Condition c = sourceReady(hc).orElseThrow();
    assertThat(c.reason()).isEqualTo("InvalidChartReference");
    assertThat(c.message())
        .isEqualTo(
            "invalid chart reference: failed to get chart version for remote reference: no 'podinfo' chart with version matching '9.x' found");
    assertThat(hc.getStatus().conditions()).anyMatch(x -> x.type().equals("Stalled") && x.isTrue());
  }

  @Test
  void aChartToVerifyIsNeverPulledUnverified() {
    repo("podinfo3", base);
    HelmChart c = new HelmChart();
    c.setMetadata(new ObjectMetaBuilder().withName("verified").withNamespace("default").build());
    c.setSpec(
        new HelmChartSpec(
            "podinfo",
            "6.x",
            new HelmChartSpec.SourceReference(null, HelmChartSpec.Kind.HelmRepository, "podinfo3"),
            "1m",
            null,
            null,
            null,
            null,
            new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("provider", "cosign")));
    cluster.client().resource(c).create();
    HelmChart hc = cluster.awaitSettled(HelmChart.class, "verified");
    Condition ready = sourceReady(hc).orElseThrow();
    assertThat(ready.status()).isEqualTo("False");
    assertThat(ready.reason()).isEqualTo("VerificationError");
    assertThat(ready.message()).contains("(spec.verify) is not supported").contains("not pulled");
    assertThat(hc.getStatus().conditions()).anyMatch(x -> x.type().equals("Stalled") && x.isTrue());
    assertThat(hc.getStatus().artifact()).isNull();
  }

  @Test
  void aPageThatIsNotAnIndexFailsIndexation() {
    repo("html", base + "/html");
    HelmRepository r = cluster.awaitSettled(HelmRepository.class, "html");
    Condition c = sourceReady(r).orElseThrow();
    assertThat(c.status()).isEqualTo("False");
    assertThat(c.reason()).isEqualTo("IndexationFailed");
    assertThat(c.message())
        .startsWith("failed to load Helm repository from index YAML")
        .contains("not a Helm repository index")
        .contains("spec.url");
  }

  @Test
  void anUnreachableRepositoryNamesTheUrl() {
    repo("down", "http://127.0.0.1:1/charts");
    HelmRepository r = cluster.awaitSettled(HelmRepository.class, "down");
    Condition c = sourceReady(r).orElseThrow();
    assertThat(c.reason()).isEqualTo("Failed");
    assertThat(c.message())
        .startsWith("failed to fetch Helm repository index")
        .contains("http://127.0.0.1:1/charts/index.yaml")
        .contains("connection refused");
    assertThat(r.getStatus().conditions())
        .anyMatch(x -> x.type().equals("FetchFailed") && x.isTrue());
  }

  @Test
  void aRepositoryThatRecoversAnnouncesItAndShowsItsProgress() throws Exception {
    files.put("flaky/index.yaml", files.get("index.yaml"));
    List<List<String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
        cluster
            .client()
            .resources(HelmRepository.class)
            .inNamespace("default")
            .withName("flaky")
            .watch(
                new io.fabric8.kubernetes.client.Watcher<>() {
                  @Override
                  public void eventReceived(Action action, HelmRepository r) {
                    if (r.getStatus() != null && r.getStatus().conditions() != null) {
                      seen.add(
                          r.getStatus().conditions().stream()
                              .map(
                                  c ->
                                      c.type()
                                          + "="
                                          + c.status()
                                          + "/"
                                          + c.reason()
                                          + ": "
                                          + c.message())
                              .toList());
                    }
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
                })) {
      repo("flaky", base + "/flaky");
      HelmRepository first = cluster.awaitSettled(HelmRepository.class, "flaky");
      assertThat(sourceReady(first).orElseThrow().status()).isEqualTo("True");
      String revision = first.getStatus().artifact().revision();
      // the watch delivers on its own thread: the GET above may see the end before it has
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .as("Reconciling shown while the new index is stored")
                      .anyMatch(
                          cs ->
                              cs.contains(
                                  "Reconciling=True/Progressing: building artifact: new index"
                                      + " revision '"
                                      + revision
                                      + "'")));

      files.remove("flaky/index.yaml");
      request("flaky", "1");
      cluster.await(
          HelmRepository.class,
          "flaky",
          o -> sourceReady(o).filter(c -> c.status().equals("False")).isPresent());
      files.put("flaky/index.yaml", files.get("index.yaml"));
      request("flaky", "2");
      cluster.await(
          HelmRepository.class,
          "flaky",
          o -> sourceReady(o).filter(c -> c.status().equals("True")).isPresent());
    }
    var events =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(
                () ->
                    cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                        .filter(e -> "flaky".equals(e.getInvolvedObject().getName()))
                        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                        .toList(),
                es -> es.stream().anyMatch(e -> e.startsWith("Normal Succeeded: ")));
    assertThat(events)
        .anyMatch(
            e ->
                e.matches(
                    "Normal NewArtifact: stored fetched index of size [0-9.]+k?B from '.*/flaky'"))
        .anyMatch(
            e ->
                e.matches(
                    "Normal Succeeded: stored fetched index of size [0-9.]+k?B from '.*/flaky'"))
        .anyMatch(e -> e.startsWith("Warning Failed: failed to fetch Helm repository index"));
  }

  static void request(String name, String token) {
    cluster
        .client()
        .resources(HelmRepository.class)
        .inNamespace("default")
        .withName(name)
        .patch(
            io.flotilla.testkit.ReconcileRequest.MERGE,
            io.flotilla.testkit.ReconcileRequest.patch(token));
  }
}
