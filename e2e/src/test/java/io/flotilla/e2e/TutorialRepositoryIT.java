package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.helm.TestCharts;
import io.flotilla.testkit.tutorial.TutorialRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial repository builds as the tutorial's two Kustomizations see it, and the values it
 * gives each chart are values that chart accepts (rendered by Helm's own code).
 */
class TutorialRepositoryIT {
  private static final YAMLMapper YAML = new YAMLMapper();
  @TempDir Path dir;

  private static JsonNode find(List<ObjectNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.at("/metadata/name").asText().startsWith(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + objects));
  }

  @Test
  void infrastructureAndStagingBuildIntoTheTutorialsObjects() throws Exception {
    Path repo = dir.resolve("repo");
    try (GitFixture git = GitFixture.init(repo)) {
      git.write(
              TutorialRepository.files(
                  "http://127.0.0.1:1/bitnami",
                  "http://127.0.0.1:2/ingress-nginx",
                  "http://127.0.0.1:3/podinfo"))
          .commit("the tutorial");
    }
    Kustomizer k = Kustomizer.create(KustomizeOptions.defaults());
    List<ObjectNode> infra = k.build(repo, repo.resolve("infrastructure"));
    assertThat(infra)
        .extracting(o -> o.path("kind").asText() + "/" + o.at("/metadata/namespace").asText())
        .filteredOn(s -> s.startsWith("HelmRepository/"))
        .containsExactly(
            "HelmRepository/cluster-config",
            "HelmRepository/cluster-config",
            "HelmRepository/cluster-config");
    assertThat(find(infra, "HelmRepository", "podinfo").at("/spec/url").asText())
        .isEqualTo("http://127.0.0.1:3/podinfo");
    JsonNode values = find(infra, "ConfigMap", "redis-values-");
    String generated = values.at("/metadata/name").asText();
    assertThat(generated).matches("redis-values-[a-z0-9]{10}");
    assertThat(values.at("/metadata/namespace").asText()).isEqualTo("cluster-config");
    JsonNode redis = find(infra, "HelmRelease", "redis");
    assertThat(redis.at("/spec/valuesFrom/0/name").asText())
        .as("nameReference carries the generated name into spec.valuesFrom")
        .isEqualTo(generated);
    assertThat(redis.at("/spec/chart/spec/version").asText()).isEqualTo("17.x");
    assertThat(find(infra, "HelmRelease", "nginx").at("/spec/chart/spec/version").asText())
        .isEqualTo("4.10.1");

    List<ObjectNode> apps = k.build(repo, repo.resolve("apps/staging"));
    JsonNode podinfo = find(apps, "HelmRelease", "podinfo");
    assertThat(podinfo.at("/spec/chart/spec/version").asText()).isEqualTo(">=1.0.0-alpha");
    assertThat(podinfo.at("/spec/chart/spec/chart").asText()).isEqualTo("podinfo");
    assertThat(podinfo.at("/spec/test/enable").asBoolean(true)).isFalse();
    assertThat(podinfo.at("/spec/values/cache").asText()).isEqualTo("redis-master.redis:6379");
    assertThat(podinfo.at("/spec/values/ingress/hosts/0/host").asText())
        .isEqualTo("podinfo.staging");

    // each chart takes the values the repository gives it
    Path dist = dir.resolve("dist");
    TestCharts.packageEach(
        List.of(
            TestCharts.versionsOf("podinfo").get(3),
            TestCharts.versionsOf("redis").get(1),
            TestCharts.versionsOf("ingress-nginx").get(1)),
        dist);
    String podinfoManifest =
        render(dist.resolve("podinfo-6.2.0-rc.1.tgz"), "podinfo", podinfo.at("/spec/values"));
    assertThat(podinfoManifest).contains("host: \"podinfo.staging\"").contains("kind: Ingress");
    String redisManifest =
        render(
            dist.resolve("redis-17.3.1.tgz"),
            "redis",
            YAML.readTree(values.at("/data/values.yaml").asText()));
    assertThat(redisManifest).contains("name: redis-master").doesNotContain("kind: Secret");
    assertThat(
            render(
                dist.resolve("ingress-nginx-4.10.1.tgz"),
                "ingress-nginx",
                find(infra, "HelmRelease", "nginx").at("/spec/values")))
        .contains("type: NodePort");
  }

  private String render(Path chart, String release, JsonNode values) throws Exception {
    Path file = Files.createTempFile(dir, release, ".yaml");
    Files.writeString(file, YAML.writeValueAsString(values));
    return new Helm(chart).template().withName(release).withValuesFile(file).call();
  }
}
