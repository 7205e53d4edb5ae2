package io.flotilla.testkit.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test charts are valid Helm: packaged and rendered by Helm's own code (helm-java). */
class TestChartsIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  @TempDir static Path dir;
  static List<Path> archives;

  @BeforeAll
  static void packageAll() {
    archives = TestCharts.packageAll(dir.resolve("dist"));
  }

  static Path archive(String chart, String version) {
    return dir.resolve("dist").resolve(chart + "-" + version + ".tgz");
  }

  static List<JsonNode> docs(String manifest) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(manifest)) {
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode n = it.next();
        if (n != null && !n.isEmpty()) out.add(n);
      }
    }
    return out;
  }

  /** The first document of {@code kind}. */
  static JsonNode first(List<JsonNode> docs, String kind) {
    return docs.stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .findFirst()
        .orElseThrow();
  }

  static List<String> kindsAndNames(List<JsonNode> docs) {
    return docs.stream()
        .map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
        .toList();
  }

  static List<String> entries(Path tgz) throws IOException {
    List<String> names = new ArrayList<>();
    try (var tar =
        new TarArchiveInputStream(
            new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(tgz))))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }

  @Test
  void everyPublishedVersionIsPackagedUnderHelmsNameAndRenders() throws IOException {
    assertThat(archives).hasSize(TestCharts.ALL.size());
    for (TestCharts.Version v : TestCharts.ALL) {
      Path tgz = archive(v.chart(), v.version());
      assertThat(tgz).isRegularFile();
      String manifest = new Helm(tgz).template().withName(v.chart()).withNamespace("test").call();
      List<JsonNode> docs = docs(manifest);
      assertThat(docs).as(v.toString()).isNotEmpty();
      assertThat(docs)
          .as(v + ": every object carries its chart version")
          .allSatisfy(
              d ->
                  assertThat(d.path("metadata").path("labels").path("helm.sh/chart").asText())
                      .isEqualTo(v.chart() + "-" + v.version()));
      String chartYaml = new Helm(tgz).show().chart().call();
      assertThat(chartYaml).contains("version: " + v.version()).contains(v.appVersion());
    }
  }

  @Test
  void podinfoIsADeploymentServiceAndConfigMapWithATestHook() throws IOException {
    Path tgz = archive("podinfo", "6.0.3");
    List<JsonNode> docs =
        docs(
            new Helm(tgz)
                .template()
                .withName("podinfo")
                .withNamespace("podinfo")
                .set("ingress.enabled", "true")
                .call());
    assertThat(kindsAndNames(docs))
        .containsExactlyInAnyOrder(
            "ConfigMap/podinfo", "Deployment/podinfo", "Service/podinfo", "Ingress/podinfo");
    JsonNode deploy = first(docs, "Deployment");
    assertThat(deploy.at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("ghcr.io/stefanprodan/podinfo:6.0.3");
    // helm template leaves hooks out of the release manifest; the test hook is in the archive
    assertThat(entries(tgz))
        .contains("podinfo/values.schema.json", "podinfo/templates/tests/test-connection.yaml");
  }

  @Test
  void podinfoValuesAreCheckedAgainstItsSchema() {
    assertThatThrownBy(
            () ->
                new Helm(archive("podinfo", "6.1.0"))
                    .template()
                    .withName("podinfo")
                    .set("replicaCount", "two")
                    .call())
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("replicaCount");
  }

  @Test
  void podinfoRefusesAKubernetesOlderThanItsKubeVersionConstraint() {
    assertThatThrownBy(
            () ->
                new Helm(archive("podinfo", "6.0.0"))
                    .template()
                    .withName("podinfo")
                    .withKubeVersion("1.19.0")
                    .call())
        .hasMessageContaining(">=1.20.0-0")
        .hasMessageContaining("v1.19.0");
  }

  @Test
  void redisVendorsTheLibraryChartAndFollowsTheTutorialsValues() throws IOException {
    Path tgz = archive("redis", "17.3.1");
    // helm package stores a vendored dependency unpacked, under charts/<name>/
    assertThat(entries(tgz))
        .contains("redis/Chart.lock", "redis/charts/common/templates/_names.tpl");
    Path values = dir.resolve("redis-values.yaml");
    Files.writeString(
        values,
        """
        architecture: standalone
        auth:
          enabled: false
        master:
          persistence:
            enabled: false
        """);
    List<JsonNode> tutorial =
        docs(
            new Helm(tgz)
                .template()
                .withName("redis")
                .withNamespace("redis")
                .withValuesFile(values)
                .call());
    assertThat(kindsAndNames(tutorial))
        .containsExactlyInAnyOrder(
            "ConfigMap/redis-configuration",
            "Service/redis-headless",
            "Service/redis-master",
            "StatefulSet/redis-master");
    JsonNode master = first(tutorial, "StatefulSet");
    assertThat(master.at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("docker.io/bitnami/redis:7.0.5");
    assertThat(master.at("/spec/volumeClaimTemplates").isMissingNode()).isTrue();

    List<JsonNode> defaults =
        docs(new Helm(tgz).template().withName("redis").withNamespace("redis").call());
    assertThat(kindsAndNames(defaults))
        .contains("Secret/redis", "StatefulSet/redis-master", "StatefulSet/redis-replica");
    JsonNode replica =
        defaults.stream()
            .filter(d -> d.path("metadata").path("name").asText().equals("redis-replica"))
            .findFirst()
            .orElseThrow();
    assertThat(replica.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(replica.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText())
        .isEqualTo("8Gi");
  }

  @Test
  void redisRefusesAnUnknownArchitecture() {
    assertThatThrownBy(
            () ->
                new Helm(archive("redis", "18.0.0"))
                    .template()
                    .withName("redis")
                    .set("architecture", "cluster")
                    .call())
        .hasMessageContaining("architecture must be standalone or replication, not \"cluster\"");
  }

  @Test
  void ingressNginxShipsACrdAndAWeightedPreInstallHookJob() throws IOException {
    Path tgz = archive("ingress-nginx", "4.10.1");
    assertThat(entries(tgz)).contains("ingress-nginx/crds/ingressnginxsettings.yaml");
    assertThat(new Helm(tgz).show().crds().call())
        .contains("name: ingressnginxsettings.testcharts.flotilla.io");
    List<JsonNode> docs =
        docs(new Helm(tgz).template().withName("nginx").withNamespace("nginx").call());
    assertThat(kindsAndNames(docs))
        .containsExactlyInAnyOrder(
            "ServiceAccount/nginx-ingress-nginx",
            "ConfigMap/nginx-ingress-nginx-controller",
            "Deployment/nginx-ingress-nginx-controller",
            "Service/nginx-ingress-nginx-controller",
            "IngressClass/nginx");
    // helm template drops hooks; render a copy whose hook annotation is spelled under another key
    Path sources = TestCharts.sources(dir.resolve("hook-src"));
    Path job = sources.resolve("ingress-nginx/templates/admission-webhooks-job-create-secret.yaml");
    Files.writeString(job, Files.readString(job).replace("helm.sh/hook", "test.invalid/hook"));
    Path copy =
        TestCharts.packageChart(
            sources.resolve("ingress-nginx"), "4.10.1", "1.10.1", dir.resolve("hook-dist"));
    JsonNode hook =
        first(
            docs(new Helm(copy).template().withName("nginx").withNamespace("nginx").call()), "Job");
    assertThat(hook.at("/metadata/name").asText())
        .isEqualTo("nginx-ingress-nginx-admission-create");
    assertThat(hook.at("/metadata/annotations"))
        .isEqualTo(
            YAML.readTree(
                """
                test.invalid/hook: pre-install,pre-upgrade
                test.invalid/hook-weight: "-5"
                test.invalid/hook-delete-policy: before-hook-creation,hook-succeeded
                """));
  }
}
