package io.flotilla.app.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `up` serves its own chart repository, and the sample's Helm part installs from it. */
class SampleChartsIT {
  private static final YAMLMapper YAML = new YAMLMapper();
  @TempDir Path dir;

  static HttpResponse<byte[]> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The first object of {@code kind}. */
  static JsonNode first(List<ObjectNode> objects, String kind) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theRepositoryServesAStableIndexAndAnArchiveHelmRenders() throws Exception {
    assertThat(SampleCharts.bundled().archive("hello-1.0.0.tgz"))
        .as("packaging gives the same bytes every start")
        .isEqualTo(SampleCharts.bundled().archive("hello-1.0.0.tgz"));
    try (GitHttpServer server = GitHttpServer.start("127.0.0.1", 0)) {
      String url = server.baseUrl() + "/charts";
      server.route("/charts/", SampleCharts.bundled().handler(url));
      HttpResponse<byte[]> index = get(url + "/index.yaml");
      assertThat(index.statusCode()).isEqualTo(200);
      JsonNode hello = YAML.readTree(index.body()).at("/entries/hello/0");
      assertThat(hello.path("version").asText()).isEqualTo("1.0.0");
      assertThat(hello.path("apiVersion").asText()).isEqualTo("v2");
      assertThat(hello.path("urls").get(0).asText()).isEqualTo(url + "/hello-1.0.0.tgz");
      byte[] tgz = get(url + "/hello-1.0.0.tgz").body();
      assertThat(hello.path("digest").asText())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tgz)));
      assertThat(get(url + "/index.yaml").body()).isEqualTo(index.body());
      assertThat(get(url + "/other-1.0.0.tgz").statusCode()).isEqualTo(404);
      assertThat(get(server.baseUrl() + "/sample.git/info/refs").statusCode())
          .as("the Git side still answers")
          .isEqualTo(404);

      Path chart = dir.resolve("hello-1.0.0.tgz");
      Files.write(chart, tgz);
      String manifest = new Helm(chart).template().withName("hello").withNamespace("hello").call();
      assertThat(manifest)
          .contains("kind: Deployment", "kind: Service", "kind: ConfigMap")
          .contains("PODINFO_UI_MESSAGE: \"Hello from a Helm release\"");
    }
  }

  @Test
  void theSamplesHelmPartPointsAtTheRepositoryAndItsValuesFitTheChart() throws Exception {
    Path repo = dir.resolve("sample");
    SampleRepository.ensure(repo, "http://127.0.0.1:8081/charts").close();
    List<ObjectNode> infra =
        Kustomizer.create(KustomizeOptions.defaults()).build(repo, repo.resolve("infrastructure"));
    JsonNode source = first(infra, "HelmRepository");
    assertThat(source.at("/metadata/namespace").asText()).isEqualTo("cluster-config");
    assertThat(source.at("/spec/url").asText()).isEqualTo("http://127.0.0.1:8081/charts");
    JsonNode release = first(infra, "HelmRelease");
    assertThat(release.at("/spec/chart/spec/sourceRef/name").asText())
        .isEqualTo(source.at("/metadata/name").asText());

    Path chart = dir.resolve("hello-1.0.0.tgz");
    Files.write(chart, SampleCharts.bundled().archive("hello-1.0.0.tgz"));
    Path values = dir.resolve("values.yaml");
    Files.writeString(values, YAML.writeValueAsString(release.at("/spec/values")));
    assertThat(new Helm(chart).template().withName("hello").withValuesFile(values).call())
        .contains("Hello from a HelmRelease, installed by Flotilla");

    Path plain = dir.resolve("plain");
    SampleRepository.ensure(plain, null).close();
    assertThat(plain.resolve("infrastructure/hello.yaml")).doesNotExist();
    assertThat(plain.resolve("infrastructure/sample-charts.yaml")).doesNotExist();
  }
}
