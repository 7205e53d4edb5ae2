package io.flotilla.testkit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.flotilla.testkit.git.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart repository serves what Helm's own client (helm-java) accepts and resolves. */
class ChartRepoServerIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  @TempDir static Path dir;
  static List<Path> archives;
  static ChartRepoServer plain;

  @BeforeAll
  static void start() {
    archives = TestCharts.packageAll(dir.resolve("dist"));
    plain = ChartRepoServer.start(ChartRepoServer.Options.defaults());
    archives.forEach(plain::publish);
  }

  @AfterAll
  static void stop() {
    if (plain != null) plain.close();
  }

  static HttpResponse<byte[]> get(String url, String authorization) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) req.header("Authorization", authorization);
    return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void theIndexListsEveryVersionNewestFirstWithTheArchivesDigestAndIsStable() throws Exception {
    HttpResponse<byte[]> first = get(plain.url() + "/index.yaml", null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(get(plain.url() + "/index.yaml", null).body()).isEqualTo(first.body());
    JsonNode index = YAML.readTree(first.body());
    assertThat(index.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(index.path("generated").asText()).isEqualTo(ChartIndex.CREATED);
    assertThat(index.path("entries").path("podinfo"))
        .extracting(v -> v.path("version").asText())
        .containsExactly("6.2.0-rc.1", "6.1.0", "6.0.3", "6.0.0");
    JsonNode redis = index.path("entries").path("redis").get(1);
    assertThat(redis.path("version").asText()).isEqualTo("17.3.1");
    assertThat(redis.path("appVersion").asText()).isEqualTo("7.0.5");
    assertThat(redis.path("dependencies").get(0).path("name").asText()).isEqualTo("common");
    String url = redis.path("urls").get(0).asText();
    assertThat(url).isEqualTo(plain.url() + "/redis-17.3.1.tgz");
    byte[] tgz = get(url, null).body();
    assertThat(redis.path("digest").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tgz)))
        .isEqualTo(plain.digest("redis-17.3.1.tgz"));
    assertThat(plain.served("redis-17.3.1.tgz")).isGreaterThanOrEqualTo(1);
    assertThat(get(plain.url() + "/nothing-1.0.0.tgz", null).statusCode()).isEqualTo(404);
  }

  @Test
  void withdrawingAVersionTakesItOutOfTheIndexAndStopsServingIt() throws Exception {
    try (ChartRepoServer repo =
        ChartRepoServer.start(ChartRepoServer.Options.defaults().withRelativeUrls(true))) {
      archives.stream()
          .filter(a -> a.getFileName().toString().startsWith("ingress-nginx-"))
          .forEach(repo::publish);
      repo.unpublish("ingress-nginx", "4.11.0");
      JsonNode index = YAML.readTree(get(repo.url() + "/index.yaml", null).body());
      assertThat(index.path("entries").path("ingress-nginx"))
          .extracting(v -> v.path("urls").get(0).asText())
          .containsExactly("ingress-nginx-4.10.1.tgz", "ingress-nginx-4.10.0.tgz");
      assertThat(get(repo.url() + "/ingress-nginx-4.11.0.tgz", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void helmResolvesTheTutorialsRangesThroughBasicAuthAndTls() throws Exception {
    TestCa ca = TestCa.generate("charts");
    Path caFile = dir.resolve("ca.crt");
    Files.writeString(caFile, ca.caPem());
    try (ChartRepoServer repo =
        ChartRepoServer.start(
            ChartRepoServer.Options.defaults().withBasicAuth("flux", "s3cret").withTls(ca))) {
      archives.forEach(repo::publish);
      assertThat(
              HttpClient.newBuilder()
                  .sslContext(trusting(ca))
                  .build()
                  .send(
                      HttpRequest.newBuilder(URI.create(repo.url() + "/index.yaml")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(401);

      // Helm's own repository client: repo add (index through auth and TLS), then charts by range
      Path config = dir.resolve("repositories.yaml");
      String name = "flotilla-it-" + UUID.randomUUID().toString().substring(0, 8);
      Helm.repo()
          .add()
          .withRepositoryConfig(config)
          .withName(name)
          .withUrl(URI.create(repo.url()))
          .withUsername("flux")
          .withPassword("s3cret")
          .withCaFile(caFile)
          .call();
      try {
        assertThat(rendered(name + "/podinfo", ">=1.0.0-alpha", config, caFile))
            .contains("helm.sh/chart: podinfo-6.2.0-rc.1");
        assertThat(rendered(name + "/redis", "17.x", config, caFile))
            .contains("helm.sh/chart: redis-17.3.1");
        assertThat(rendered(name + "/ingress-nginx", "4.10.1", config, caFile))
            .contains("helm.sh/chart: ingress-nginx-4.10.1");
      } finally {
        Helm.repo().remove().withRepositoryConfig(config).withRepo(name).call();
        forgetHelmCache(name);
      }
      assertThat(repo.served("index.yaml")).isGreaterThanOrEqualTo(1);
      assertThat(repo.served("podinfo-6.2.0-rc.1.tgz")).isEqualTo(1);
      assertThat(repo.served("podinfo-6.1.0.tgz")).isZero();
      assertThat(repo.served("redis-17.3.1.tgz")).isEqualTo(1);
      assertThat(repo.served("redis-18.0.0.tgz")).isZero();
      assertThat(repo.requests())
          .filteredOn(r -> r.status() == 401)
          .extracting(ChartRepoServer.Request::file)
          .containsExactly("index.yaml");
    }
  }

  /**
   * helm-java's Helm keeps its repository cache in the user's cache folder whatever HELM_CACHE_HOME
   * says; remove what this test put there: the repository's index and the archives it fetched (only
   * where they are byte for byte ours).
   */
  private static void forgetHelmCache(String repoName) throws Exception {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        (xdg == null ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg))
            .resolve("helm/repository");
    Files.deleteIfExists(cache.resolve(repoName + "-index.yaml"));
    Files.deleteIfExists(cache.resolve(repoName + "-charts.txt"));
    for (Path ours : archives) {
      Path cached = cache.resolve(ours.getFileName().toString());
      if (Files.isRegularFile(cached) && Files.mismatch(cached, ours) == -1) {
        Files.delete(cached);
      }
    }
  }

  private static String rendered(String chart, String version, Path config, Path caFile) {
    return Helm.template(chart)
        .withVersion(version)
        .withName("release")
        .withRepositoryConfig(config)
        .withCaFile(caFile)
        .call();
  }

  private static javax.net.ssl.SSLContext trusting(TestCa ca) throws Exception {
    var cf = java.security.cert.CertificateFactory.getInstance("X.509");
    var store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry(
        "ca",
        cf.generateCertificate(
            new java.io.ByteArrayInputStream(ca.caPem().getBytes(StandardCharsets.UTF_8))));
    var tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
