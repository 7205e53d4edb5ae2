package io.flotilla.kustomize.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelmChartTest {
  private static List<HelmChart> charts(String kustomization) throws Exception {
    return HelmChart.of(new YAMLMapper().readTree(kustomization));
  }

  @Test
  void defaultsAreKustomizes() throws Exception {
    HelmChart c = charts("helmCharts: [{name: web}]").get(0);
    assertThat(c.chartHome()).isEqualTo("charts");
    assertThat(c.valuesMerge()).isEqualTo(HelmChart.ValuesMerge.OVERRIDE);
    assertThat(c.valuesFile()).isNull();
    assertThat(c.valuesInline().isEmpty()).isTrue();
    assertThat(c.additionalValuesFiles()).isEmpty();
    assertThat(c.includeCRDs()).isFalse();
  }

  @Test
  void globalsApplyToEveryChart() throws Exception {
    List<HelmChart> cs =
        charts(
            """
            helmGlobals: {chartHome: vendor, configHome: /tmp/helm}
            helmCharts:
            - {name: a, releaseName: r, namespace: n, includeCRDs: true, skipTests: true}
            - {name: b, valuesMerge: replace, additionalValuesFiles: [x.yaml]}
            """);
    assertThat(cs).extracting(HelmChart::chartHome).containsExactly("vendor", "vendor");
    assertThat(cs.get(0).releaseName()).isEqualTo("r");
    assertThat(cs.get(0).namespace()).isEqualTo("n");
    assertThat(cs.get(0).includeCRDs()).isTrue();
    assertThat(cs.get(0).skipTests()).isTrue();
    assertThat(cs.get(1).valuesMerge()).isEqualTo(HelmChart.ValuesMerge.REPLACE);
    assertThat(cs.get(1).additionalValuesFiles()).containsExactly("x.yaml");
  }

  @Test
  void legacyInflationGeneratorEntriesBecomeCharts() throws Exception {
    HelmChart c =
        charts(
                """
                helmChartInflationGenerator:
                - {chartName: web, chartHome: old, releaseName: legacy, values: v.yaml,
                   valuesLocal: {replicaCount: 3}, chartRepoUrl: https://example.com}
                """)
            .get(0);
    assertThat(c.name()).isEqualTo("web");
    assertThat(c.chartHome()).isEqualTo("old");
    assertThat(c.releaseName()).isEqualTo("legacy");
    assertThat(c.valuesFile()).isEqualTo("v.yaml");
    assertThat(c.valuesInline().get("replicaCount").asInt()).isEqualTo(3);
    assertThat(c.repo()).isEqualTo("https://example.com");
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> charts("helmCharts: [{name: web, valuesMerge: combine}]"))
        .isInstanceOf(HelmException.class)
        .hasMessageContaining("valuesMerge must be one of [merge override replace]");
    assertThatThrownBy(() -> charts("helmCharts: [{releaseName: x}]"))
        .hasMessageContaining("chart name cannot be empty");
    assertThatThrownBy(() -> charts("helmCharts: [{name: web, includeCRDs: yes-please}]"))
        .hasMessageContaining("HelmChart.includeCRDs of type bool");
    assertThatThrownBy(() -> charts("helmCharts: {name: web}"))
        .hasMessageContaining("helmCharts of type []types.HelmChart");
  }
}
