package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  @TempDir Path work;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void loadsAChartWithSubchartsAsDirectoriesAndArchives() throws Exception {
    LoadedChart chart = AppChart.load(work, "1.0.0", true, "busybox:1.36");
    assertThat(chart.name()).isEqualTo("app");
    assertThat(chart.version()).isEqualTo("1.0.0");
    assertThat(chart.appVersion()).isEqualTo("2.0");
    assertThat(chart.dependencies()).extracting(LoadedChart::name).containsExactly("common");

    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("top/Chart.yaml", b("apiVersion: v2\nname: top\nversion: 1.0.0\n"));
    e.put("top/charts/sub/Chart.yaml", b("apiVersion: v2\nname: sub\nversion: 0.2.0\n"));
    e.put("top/charts/sub/templates/x.yaml", b("kind: X\n"));
    LoadedChart dirs = (LoadedChart) Charts.load(TestCharts.raw(work.resolve("dirs.tgz"), e));
    assertThat(dirs.dependencies())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.version()).isEqualTo("0.2.0");
              assertThat(d.files()).containsKey("templates/x.yaml");
            });
  }

  @Test
  void storesTheChartAsHelmMarshalsIt() throws Exception {
    LoadedChart chart = AppChart.load(work, "1.0.0", false, "busybox:1.36");
    String json = ReleaseCodec.JSON.writeValueAsString(chart.toJson());
    assertThat(json)
        .startsWith(
            "{\"metadata\":{\"name\":\"app\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\",\"appVersion\":\"2.0\",\"kubeVersion\":\"\\u003e=1.20.0-0\",\"dependencies\":[{\"name\":\"common\",\"version\":\"0.1.0\",\"repository\":\"file://../common\"}]},\"lock\":null,\"templates\":[{\"name\":\"templates/cm.yaml\"");
    assertThat(chart.toJson().path("values").path("message").asText()).isEqualTo("hello");
    assertThat(chart.toJson().path("schema").isTextual()).isTrue();
    assertThat(chart.toJson().path("files").get(0).path("name").asText())
        .isEqualTo("crds/widgets.yaml");
  }

  @Test
  void refusesPathsThatEscapeTheChart() throws Exception {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("top/Chart.yaml", b("apiVersion: v2\nname: top\nversion: 1.0.0\n"));
    e.put("top/../../etc/passwd", b("x"));
    Path tgz = TestCharts.raw(work.resolve("evil.tgz"), e);
    assertThatThrownBy(() -> Charts.load(tgz))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("evil.tgz")
        .hasMessageContaining("escape");
    Map<String, byte[]> abs = Map.of("/top/Chart.yaml", b("x"));
    assertThatThrownBy(() -> Charts.load(TestCharts.raw(work.resolve("abs.tgz"), abs)))
        .hasMessageContaining("absolute");
  }

  @Test
  void requiresChartYamlWithNameAndVersion() throws Exception {
    Path none = TestCharts.raw(work.resolve("none.tgz"), Map.of("top/values.yaml", b("a: 1\n")));
    assertThatThrownBy(() -> Charts.load(none)).hasMessageContaining("Chart.yaml file is missing");
    Path noVersion =
        TestCharts.raw(
            work.resolve("nov.tgz"), Map.of("top/Chart.yaml", b("apiVersion: v2\nname: top\n")));
    assertThatThrownBy(() -> Charts.load(noVersion))
        .hasMessageContaining("chart.metadata.version is required");
    Path two =
        TestCharts.raw(
            work.resolve("two.tgz"), Map.of("a/Chart.yaml", b("x: 1"), "b/Chart.yaml", b("x: 1")));
    assertThatThrownBy(() -> Charts.load(two)).hasMessageContaining("more than one top directory");
  }

  @Test
  void boundsFileSizes() throws Exception {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("top/Chart.yaml", b("apiVersion: v2\nname: top\nversion: 1.0.0\n"));
    e.put("top/big.bin", new byte[(int) Charts.MAX_FILE_BYTES + 1]);
    Path tgz = TestCharts.raw(work.resolve("big.tgz"), e);
    assertThatThrownBy(() -> Charts.load(tgz)).hasMessageContaining("larger than 5 MiB");
  }
}
