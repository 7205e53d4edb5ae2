package io.flotilla.source.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chart.yaml and values files are read as Helm reads them (sigs.k8s.io/yaml) and within go-yaml's
 * alias budget: a 1 KB alias bomb is refused with go-yaml's words instead of expanding when a value
 * is printed or merged.
 */
class ChartMetadataTest {
  private static String laughs() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    for (int i = 1; i <= 9; i++) {
      yaml.append(
          "a%d: &a%d [%s]\n"
              .formatted(i, i, String.join(",", Collections.nCopies(9, "*a" + (i - 1)))));
    }
    return yaml.toString();
  }

  @Test
  void readsChartYamlAsHelmDoes() throws Exception {
    ChartMetadata m =
        ChartMetadata.parse(
            "apiVersion: v2\nname: app\nversion: 1.2.3\ndependencies:\n"
                + "- {name: common, version: 1.x, repository: 'file://../common'}\n",
            "Chart.yaml");
    assertThat(m)
        .isEqualTo(
            new ChartMetadata(
                "app",
                "1.2.3",
                List.of(new ChartMetadata.Dependency("common", "1.x", "file://../common"))));
    assertThat(ChartMetadata.map("enabled: yes\nreplicas: 2\n", "values.yaml"))
        .isEqualTo(Map.of("enabled", true, "replicas", 2L));
  }

  @Test
  void anAliasBombInAValuesFileIsRefused() {
    assertThatThrownBy(() -> ChartMetadata.map(laughs(), "prod.yaml"))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot parse prod.yaml: yaml: document contains excessive aliasing");
  }

  @Test
  void aChartYamlNamingItsVersionTwiceIsRefused() {
    assertThatThrownBy(
            () -> ChartMetadata.parse("name: app\nversion: 1.0.0\nversion: 9.9.9\n", "Chart.yaml"))
        .hasMessage(
            "cannot parse Chart.yaml: yaml: line 3: mapping key \"version\" already defined at line"
                + " 2");
  }
}
