package io.flotilla.source.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.testkit.YamlBombs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartIndexTest {
  static final String INDEX =
      """
      apiVersion: v1
      entries:
        podinfo:
        - name: podinfo
          version: 6.0.3
          created: "2021-10-01T10:00:00Z"
          digest: aaa
          urls: [podinfo-6.0.3.tgz]
          maintainers: [{name: stefan, email: s@example.com}]
          annotations: {a: b}
        - name: podinfo
          version: 6.1.0-rc.1
          urls: [podinfo-6.1.0-rc.1.tgz]
        - name: podinfo
          version: 5.2.1
          urls: [https://other.example.com/podinfo-5.2.1.tgz]
        - name: podinfo
          version: not-semver
          urls: [x.tgz]
        redis:
        - {name: redis, version: 17.3.0, urls: [redis-17.3.0.tgz]}
        - {name: redis, version: 17.10.2, urls: [redis-17.10.2.tgz]}
        - {name: redis, version: 18.0.0, urls: [redis-18.0.0.tgz]}
        nginx:
        - {name: nginx, version: 4.10.1, urls: [a.tgz], created: "2024-01-01T00:00:00Z"}
        - {name: nginx, version: 4.10.1+b, urls: [b.tgz], created: "2024-02-01T00:00:00Z"}
        - {name: nginx, version: 4.9.0, urls: [c.tgz]}
        empty: []
      generated: "2024-01-01T00:00:00Z"
      """;

  static ChartIndex parse(String s) throws Exception {
    return ChartIndex.parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void keepsOnlyWhatResolutionNeedsAndDropsInvalidVersions() throws Exception {
    ChartIndex index = parse(INDEX);
    assertThat(index.entries().get("podinfo"))
        .extracting(ChartVersion::version)
        .containsExactly("6.1.0-rc.1", "6.0.3", "5.2.1");
    assertThat(index.entries().get("podinfo").get(1))
        .isEqualTo(
            new ChartVersion(
                "podinfo",
                "6.0.3",
                java.util.List.of("podinfo-6.0.3.tgz"),
                "aaa",
                "2021-10-01T10:00:00Z"));
  }

  /**
   * The index is read as a stream of events and keeps only scalars, so aliases are never expanded:
   * a nine-level alias bomb under an entry's annotations costs nothing.
   */
  @Test
  void anAliasBombInTheIndexIsNeverExpanded() throws Exception {
    ChartIndex index =
        parse(
            "apiVersion: v1\nentries:\n  app:\n  - name: app\n    version: 1.0.0\n"
                + "    annotations:\n"
                + YamlBombs.laughs(9, 9, "      ")
                + "    urls: [app-1.0.0.tgz]\n    extra: *a9\n");
    assertThat(index.entries().get("app"))
        .extracting(ChartVersion::version)
        .containsExactly("1.0.0");
  }

  @ParameterizedTest(name = "{0} {1} resolves to {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "podinfo; *; 6.0.3",
        "podinfo; ''; 6.0.3",
        "podinfo; >=1.0.0-alpha; 6.1.0-rc.1",
        "podinfo; 6.1.0-rc.1; 6.1.0-rc.1",
        "podinfo; ^5.0; 5.2.1",
        "podinfo; ~6.0.0; 6.0.3",
        "podinfo; <6 || >7; 5.2.1",
        "podinfo; >=5, <6.0.3; 5.2.1",
        "podinfo; >=5 <6.0.3; 5.2.1",
        "redis; 17.x; 17.10.2",
      })
  void resolvesAsFluxDoes(String chart, String constraint, String version) throws Exception {
    assertThat(parse(INDEX).resolve(chart, constraint).version()).isEqualTo(version);
  }

  @Test
  void equalVersionsResolveToTheNewestPackageUnlessTheStringMatchesExactly() throws Exception {
    ChartIndex index = parse(INDEX);
    // equal versions: the most recently created package
    assertThat(index.resolve("nginx", "4.10.x").urls()).containsExactly("b.tgz");
    // an exact string wins over semver equality
    assertThat(index.resolve("nginx", "4.10.1").urls()).containsExactly("a.tgz");
  }

  @Test
  void failsWithFluxsWording() throws Exception {
    ChartIndex index = parse(INDEX);
    assertThatThrownBy(() -> index.resolve("nope", "*"))
        .hasMessage(
            "no chart name found: the repository index has no chart 'nope' (check the chart name)");
    assertThatThrownBy(() -> index.resolve("empty", "*")).hasMessage("no chart version found");
    assertThatThrownBy(() -> index.resolve("redis", "19.x"))
        .hasMessage("no 'redis' chart with version matching '19.x' found");
  }

  @Test
  void refusesWhatIsNotAnIndex() {
    assertThatThrownBy(() -> parse("")).hasMessage("empty index.yaml file");
    assertThatThrownBy(() -> parse("entries: {}\n")).hasMessage("no API version specified");
    assertThatThrownBy(() -> parse("<html><body>Not found</body></html>\n"))
        .isInstanceOf(IndexFormatException.class)
        .hasMessageContaining("not a Helm repository index")
        .hasMessageContaining("spec.url");
    assertThatThrownBy(() -> parse("apiVersion: v1\nentries: {a: [\n"))
        .isInstanceOf(IndexFormatException.class)
        .hasMessageStartingWith("error converting YAML to JSON");
  }

  @Test
  void jsonArtifactReadsBackToTheSameModel() throws Exception {
    ChartIndex index = parse(INDEX);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    index.writeJson(out);
    ChartIndex back = ChartIndex.parse(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back.entries()).isEqualTo(index.entries());
  }
}
