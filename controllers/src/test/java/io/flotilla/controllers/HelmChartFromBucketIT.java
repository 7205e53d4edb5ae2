package io.flotilla.controllers;

import static io.flotilla.controllers.ReleaseChecks.awaitReady;
import static io.flotilla.controllers.ReleaseChecks.history;
import static io.flotilla.controllers.ReleaseChecks.ready;
import static io.flotilla.controllers.ReleaseChecks.releaseYaml;
import static io.flotilla.controllers.ReleaseChecks.storedStatuses;
import static io.flotilla.controllers.ReleaseChecks.uiMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.HelmChart;
import io.flotilla.testkit.helm.TestCharts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chart directory in an S3 bucket (s3rver), released the way {@code flux create source bucket}
 * and {@code flux create helmrelease --source=Bucket/charts --chart=./charts/podinfo} write it: the
 * generated HelmChart packages the chart from the Bucket's artifact with Flux's revision rules
 * ({@code ChartVersion}: the chart's version; {@code Revision}: {@code <version>+<the first 12 hex
 * digits of the Bucket's sha256 revision>}), and a changed bucket upgrades only the release that
 * follows the revision.
 */
class HelmChartFromBucketIT {
  private static final String CHART_FROM_BUCKET =
      """
      chart: ./charts/podinfo
      reconcileStrategy: %s
      sourceRef: {kind: Bucket, name: charts}""";

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withQuickRetries();

  @TempDir static Path tmp;

  @Test
  void aChartInABucketIsReleasedWithFluxsRevisionForEachReconcileStrategy() throws Exception {
    try (S3rver s3 = S3rver.startOrSkip(tmp.resolve("s3"))) {
      Path chart =
          TestCharts.source(
              new TestCharts.Version("podinfo", "6.1.0", "6.1.0"), tmp.resolve("src"));
      s3.createBucket("charts").putTree("charts", "charts/podinfo", chart);
      s3.createSource(cluster, "charts", "charts", "10m", b -> {});
      cluster.apply(releaseYaml("by-version", CHART_FROM_BUCKET.formatted("ChartVersion"), ""));
      cluster.apply(releaseYaml("by-revision", CHART_FROM_BUCKET.formatted("Revision"), ""));

      String first = awaitBucketRevision(null);
      String firstPrefix = shortDigest(first);
      awaitReady(
          cluster.client(),
          "default",
          "by-version",
          "True InstallSucceeded: Helm install succeeded for release default/by-version.v1"
              + " with chart podinfo@6.1.0");
      awaitReady(
          cluster.client(),
          "default",
          "by-revision",
          "True InstallSucceeded: Helm install succeeded for release default/by-revision.v1"
              + " with chart podinfo@6.1.0+"
              + firstPrefix);
      for (String release : new String[] {"by-version", "by-revision"}) {
        assertThat(storedStatuses(cluster.client(), "default", release))
            .containsExactly("1 deployed");
        assertThat(
                cluster
                    .client()
                    .apps()
                    .deployments()
                    .inNamespace("default")
                    .withName(release + "-podinfo")
                    .get())
            .isNotNull();
      }

      HelmChart byVersion = chart("default-by-version");
      assertThat(ready(byVersion.getStatus().conditions()))
          .isEqualTo("True ChartPackageSucceeded: packaged 'podinfo' chart with version '6.1.0'");
      assertThat(byVersion.getStatus().artifact().revision()).isEqualTo("6.1.0");
      assertThat(byVersion.getStatus().observedSourceArtifactRevision()).isEqualTo(first);
      assertThat(byVersion.getStatus().observedChartName()).isEqualTo("podinfo");
      HelmChart byRevision = chart("default-by-revision");
      assertThat(byRevision.getStatus().artifact().revision()).isEqualTo("6.1.0+" + firstPrefix);
      assertThat(ready(byRevision.getStatus().conditions()))
          .isEqualTo(
              "True ChartPackageSucceeded: packaged 'podinfo' chart with version '6.1.0+%s'"
                  .formatted(firstPrefix));

      // the bucket changes (the chart's default message), its version does not
      s3.put(
          "charts",
          "charts/podinfo/values.yaml",
          Files.readString(chart.resolve("values.yaml"))
              .replace("message: \"\"", "message: \"from the bucket\""));
      ReleaseChecks.requestReconcile(cluster.client(), Bucket.class, "default", "charts");
      String second = awaitBucketRevision(first);
      String secondPrefix = shortDigest(second);

      awaitReady(
          cluster.client(),
          "default",
          "by-revision",
          "True UpgradeSucceeded: Helm upgrade succeeded for release default/by-revision.v2"
              + " with chart podinfo@6.1.0+"
              + secondPrefix);
      assertThat(history(cluster.client(), "default", "by-revision"))
          .containsExactly("2 deployed", "1 superseded");
      assertThat(uiMessage(cluster.client(), "default", "by-revision-podinfo"))
          .isEqualTo("from the bucket");

      // ChartVersion: the same version is the same chart, so the release stays as it was
      await()
          .atMost(ReleaseChecks.CONVERGE)
          .until(
              () ->
                  second.equals(
                      chart("default-by-version").getStatus().observedSourceArtifactRevision()));
      assertThat(chart("default-by-version").getStatus().artifact())
          .as("the very archive packaged from the first revision")
          .isEqualTo(byVersion.getStatus().artifact());
      assertThat(history(cluster.client(), "default", "by-version")).containsExactly("1 deployed");
      assertThat(uiMessage(cluster.client(), "default", "by-version-podinfo")).isEmpty();
    }
  }

  /** The Bucket's artifact revision once it is set and differs from {@code previous}. */
  private static String awaitBucketRevision(String previous) {
    return await()
        .atMost(ReleaseChecks.CONVERGE)
        .until(
            () -> {
              Bucket b = cluster.get(Bucket.class, "charts");
              return b.getStatus() == null || b.getStatus().artifact() == null
                  ? null
                  : b.getStatus().artifact().revision();
            },
            r -> r != null && !r.equals(previous));
  }

  private static HelmChart chart(String name) {
    return cluster.get(HelmChart.class, name);
  }

  /** The first 12 hex digits of a {@code sha256:} revision, as a chart version's suffix shows. */
  private static String shortDigest(String revision) {
    return revision.substring("sha256:".length(), "sha256:".length() + 12);
  }
}
