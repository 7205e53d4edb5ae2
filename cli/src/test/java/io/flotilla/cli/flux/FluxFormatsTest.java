package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.api.flux.meta.GoDuration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "PT1M, 1m0s",
    "PT1H, 1h0m0s",
    "PT90S, 1m30s",
    "PT1.5S, 1.5s",
    "PT0.25S, 250ms",
    "PT0S, 0s"
  })
  void goDurations(Duration duration, String go) {
    assertThat(GoDuration.format(duration)).isEqualTo(go);
  }

  @Test
  void goDurationsParse() {
    assertThat(GoDurations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> GoDurations.parse("1x"))
        .hasMessage("time: unknown unit \"x\" in duration \"1x\"");
    assertThatThrownBy(() -> GoDurations.parse("soon"))
        .hasMessage("time: invalid duration \"soon\"");
  }

  @Test
  void digestsAreShortenedToEightDigits() {
    assertThat(Hex.truncate("main@sha1:696f056df216eea4f9401adbee0ff744d4df390f"))
        .isEqualTo("main@sha1:696f056d");
    assertThat(Hex.truncate("6.5.4")).isEqualTo("6.5.4");
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

  /** {@code flux tree -o json}: strings as Go's encoding/json escapes them, keys too. */
  @Test
  void jsonStringsAreEscapedAsGoEscapesThem() throws Exception {
    var node =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree("{\"a<b\": \"x & y\\u2028\\u001b\\b\\u00e9\", \"n\": [1, true, null]}");
    assertThat(GoJson.indent(node))
        .isEqualTo(
            """
            {
              "a\\u003cb": "x \\u0026 y\\u2028\\u001b\\b\u00e9",
              "n": [
                1,
                true,
                null
              ]
            }""");
  }
}
