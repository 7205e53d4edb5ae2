package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure formats the flux commands print: tables, durations, digests, ages, drift reports. */
class FluxFormatsTest {
  @Test
  void tablePadsCellsAndEndsTheHeaderWithASpace() {
    StringWriter out = new StringWriter();
    Table.print(
        new PrintWriter(out),
        List.of("Name", "Ready", "Message"),
        List.of(List.of("podinfo-shard1", "True", "ok"), List.of("a", "False", "two\nlines")));
    assertThat(out.toString())
        .isEqualTo(
            "NAME          \tREADY\tMESSAGE \n"
                + "podinfo-shard1\tTrue \tok     \t\n"
                + "a             \tFalse\ttwo    \t\n"
                + "              \t     \tlines  \t\n");
  }

  @Test
  void goDurations() {
    assertThat(GoDurations.format(Duration.ofMinutes(1))).isEqualTo("1m0s");
    assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDurations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoDurations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> GoDurations.parse("1x")).hasMessage("time: invalid duration \"1x\"");
  }

  @Test
  void digestsAreShortenedToEightDigits() {
    assertThat(Hex.truncate("main@sha1:696f056df216eea4f9401adbee0ff744d4df390f"))
        .isEqualTo("main@sha1:696f056d");
    assertThat(Hex.truncate("6.5.4")).isEqualTo("6.5.4");
  }

  @Test
  void agesAsKubectlPrintsThem() {
    assertThat(HumanDuration.of(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(HumanDuration.of(Duration.ofSeconds(303))).isEqualTo("5m3s");
    assertThat(HumanDuration.of(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(HumanDuration.of(Duration.ofMinutes(185))).isEqualTo("3h5m");
    assertThat(HumanDuration.of(Duration.ofDays(3))).isEqualTo("3d");
    assertThat(HumanDuration.of(Duration.ofDays(10))).isEqualTo("10d");
  }

  @Test
  void storageSizes() {
    assertThat(StatsCommand.size(0)).isEqualTo("-");
    assertThat(StatsCommand.size(512)).isEqualTo("512 B");
    assertThat(StatsCommand.size(110_400)).isEqualTo("107.8 KiB");
  }

  @Test
  void driftReportNamesPathsAndEntries() throws Exception {
    var live =
        Kube.JSON.readTree(
            "{\"spec\":{\"replicas\":1,\"ports\":[{\"name\":\"http\",\"port\":9899}]}}");
    var wanted =
        Kube.JSON.readTree(
            "{\"spec\":{\"replicas\":1,\"ports\":[{\"name\":\"http\",\"port\":9898}],"
                + "\"paused\":true}}");
    assertThat(Dyff.of(live, wanted))
        .isEqualTo(
            """
            spec
            + one map entry added:
            paused: true

            spec.ports.http.port
            ± value change
            - 9899
            + 9898

            """);
    assertThat(Dyff.of(live, live)).isEmpty();
  }

  @Test
  void safeRelativePaths() {
    assertThat(CreateKustomization.safePath("kustomize")).isEqualTo("./kustomize");
    assertThat(CreateKustomization.safePath("./apps/../deploy/")).isEqualTo("./deploy");
    assertThat(CreateKustomization.safePath("../../etc")).isEqualTo("./etc");
    assertThat(CreateKustomization.safePath("./")).isEqualTo("./");
  }
}
