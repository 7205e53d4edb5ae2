package io.flotilla.source.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.flotilla.source.SourceException;
import io.flotilla.testkit.helm.TestCharts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chart repository on loopback (JDK HttpServer, basic auth) with charts made by Helm's own {@code
 * create}/{@code package}; what we pull and package is checked with Helm's {@code template} and
 * {@code lint}.
 */
class ChartRepositoryIT {
  static final Duration T = Duration.ofSeconds(10);
  @TempDir Path dir;
  HttpServer server;
  HttpServer other;
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> authSeen = new ArrayList<>();
  String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/charts/",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          String want =
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("flux:s3cret".getBytes(StandardCharsets.UTF_8));
          byte[] body = files.get(ex.getRequestURI().getPath().substring("/charts/".length()));
          int status = !want.equals(auth) ? 401 : body == null ? 404 : 200;
          ex.sendResponseHeaders(status, status == 200 ? body.length : -1);
          if (status == 200) {
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    server.start();
    other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext(
        "/",
        ex -> {
          synchronized (authSeen) {
            authSeen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          }
          byte[] body = files.get(ex.getRequestURI().getPath().substring(1));
          ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    other.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/charts";
  }

  @AfterEach
  void stop() {
    server.stop(0);
    other.stop(0);
  }

  RepositoryOptions auth(boolean pass) {
    return new RepositoryOptions("flux", "s3cret", null, pass, T);
  }

  /** A chart made by {@code helm create} at the given version, packaged by {@code helm package}. */
  Path helmChart(String name, String version) {
    return TestCharts.helmCreate(name, version, dir);
  }

  /** {@link #helmChart} served by the repository as {@code <name>-<version>.tgz}: its bytes. */
  byte[] servedChart(String name, String version) throws Exception {
    byte[] tgz = Files.readAllBytes(helmChart(name, version));
    files.put(name + "-" + version + ".tgz", tgz);
    return tgz;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void fetchesIndexWithBasicAuthAndPullsARelativeChartUnchanged() throws Exception {
    byte[] tgz = servedChart("podinfo", "6.0.3");
    files.put(
        "index.yaml",
        """
        apiVersion: v1
        entries:
          podinfo:
          - {name: podinfo, version: 6.0.3, digest: %s, urls: [podinfo-6.0.3.tgz]}
        """
            .formatted(sha256(tgz))
            .getBytes(StandardCharsets.UTF_8));
    ChartRepository repo = new ChartRepository(base, auth(false));
    ChartRepository.Download d = repo.downloadIndex(dir.resolve("index.yaml"), 50L << 20);
    assertThat(d.digest()).isEqualTo("sha256:" + sha256(files.get("index.yaml")));
    ChartVersion v = ChartIndex.read(d.file()).resolve("podinfo", "6.0.x");

    ChartBuilder.Build b =
        ChartBuilder.remote(
            v,
            t -> repo.downloadChart(v, t, 10L << 20),
            dir.resolve("out.tgz"),
            new ChartBuilder.Options(List.of(), false, "", null, false, 100L << 20, 1000));
    assertThat(b.summary()).isEqualTo("pulled 'podinfo' chart with version '6.0.3'");
    assertThat(Files.readAllBytes(b.path())).isEqualTo(tgz);
  }

  @Test
  void reportsWrongCredentialsUnreachableAndTooLarge() throws Exception {
    files.put("index.yaml", "apiVersion: v1\nentries: {}\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                new ChartRepository(base, new RepositoryOptions("flux", "wrong", null, false, T))
                    .downloadIndex(dir.resolve("i"), 1000))
        .hasMessageContaining("failed to fetch " + base + "/index.yaml : 401 Unauthorized")
        .hasMessageContaining("spec.secretRef")
        .hasMessageNotContaining("wrong");
    assertThatThrownBy(
            () ->
                new ChartRepository("http://127.0.0.1:1/charts", RepositoryOptions.anonymous(T))
                    .downloadIndex(dir.resolve("i"), 1000))
        .hasMessageContaining("connection refused");
    assertThatThrownBy(
            () -> new ChartRepository(base, auth(false)).downloadIndex(dir.resolve("i"), 10))
        .hasMessage("index exceeds the maximum index file size of 10 bytes");
  }

  @Test
  void sendsCredentialsToAnotherHostOnlyWithPassCredentials() throws Exception {
    servedChart("redis", "17.3.0");
    String url = "http://localhost:" + other.getAddress().getPort() + "/redis-17.3.0.tgz";
    ChartVersion v = new ChartVersion("redis", "17.3.0", List.of(url), "", "");
    new ChartRepository(base, auth(false)).downloadChart(v, dir.resolve("a.tgz"), 1L << 20);
    new ChartRepository(base, auth(true)).downloadChart(v, dir.resolve("b.tgz"), 1L << 20);
    assertThat(authSeen).hasSize(2);
    assertThat(authSeen.get(0)).isEqualTo("null");
    assertThat(authSeen.get(1)).startsWith("Basic ");
  }

  @Test
  void refusesADigestMismatchAndAnArchiveEscapingItsRoot() throws Exception {
    files.put("evil-1.0.0.tgz", evilTgz());
    ChartVersion bad = new ChartVersion("evil", "1.0.0", List.of("evil-1.0.0.tgz"), "00", "");
    assertThatThrownBy(
            () ->
                new ChartRepository(base, auth(false))
                    .downloadChart(bad, dir.resolve("x"), 1L << 20))
        .hasMessageContaining("but the repository index says sha256:00");
    ChartVersion evil = new ChartVersion("evil", "1.0.0", List.of("evil-1.0.0.tgz"), "", "");
    ChartRepository repo = new ChartRepository(base, auth(false));
    assertThatThrownBy(
            () ->
                ChartBuilder.remote(
                    evil,
                    t -> repo.downloadChart(evil, t, 1L << 20),
                    dir.resolve("evil.tgz"),
                    new ChartBuilder.Options(List.of(), false, "", null, false, 1L << 20, 100)))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("chart pull error")
        .hasMessageContaining("chart illegally references parent directory")
        .hasMessageContaining("../../etc/cron.d/x");
    assertThat(dir.resolve("evil.tgz")).doesNotExist();
  }

  static byte[] evilTgz() throws Exception {
    Path p = Files.createTempFile("evil", ".tgz");
    Map<String, byte[]> f = new TreeMap<>();
    f.put(
        "Chart.yaml",
        "apiVersion: v2\nname: evil\nversion: 1.0.0\n".getBytes(StandardCharsets.UTF_8));
    f.put("../../etc/cron.d/x", "boom".getBytes(StandardCharsets.UTF_8));
    ChartArchive.write("evil", f, p);
    byte[] b = Files.readAllBytes(p);
    Files.delete(p);
    return b;
  }

  @Test
  void packagesAChartDirectoryWithValuesFilesAndDependenciesThatHelmRenders() throws Exception {
    // the library chart of an http repository, a file:// sibling, and a vendored archive
    byte[] lib = servedChart("common", "1.2.0");
    files.put(
        "index.yaml",
        "apiVersion: v1\nentries:\n  common:\n  - {name: common, version: 1.2.0, urls: [common-1.2.0.tgz]}\n"
            .getBytes(StandardCharsets.UTF_8));
    Path root = Files.createDirectories(dir.resolve("artifact"));
    Files.createDirectories(root.resolve("charts"));
    Helm.create().withName("app").withDir(root.resolve("charts")).call();
    Helm.create().withName("sidecar").withDir(root.resolve("charts")).call();
    Path app = root.resolve("charts/app");
    Files.writeString(
        app.resolve("Chart.yaml"),
        Files.readString(app.resolve("Chart.yaml"))
            + """
            dependencies:
            - name: common
              version: 1.x
              repository: %s
            - name: sidecar
              version: ">=0.1.0"
              repository: file://../sidecar
            """
                .formatted(base));
    Files.writeString(root.resolve("prod.yaml"), "replicaCount: 3\nimage:\n  tag: prod\n");
    RepositoryOptions creds = auth(false);
    ChartBuilder.Build b =
        ChartBuilder.local(
            root,
            "charts/app",
            dir.resolve("app.tgz"),
            new ChartBuilder.Options(
                List.of("charts/app/values.yaml", "prod.yaml", "missing.yaml"),
                true,
                "3",
                null,
                false,
                100L << 20,
                1000),
            (url, name, version, target) -> {
              ChartRepository r = new ChartRepository(url, creds);
              ChartIndex i =
                  ChartIndex.read(r.downloadIndex(dir.resolve("dep-index"), 1L << 20).file());
              r.downloadChart(i.resolve(name, version), target, 1L << 20);
            });
    assertThat(b.summary())
        .isEqualTo(
            "packaged 'app' chart with version '0.1.0+3' and merged values files [charts/app/values.yaml prod.yaml]");
    assertThat(b.resolvedDependencies()).isEqualTo(2);
    Map<String, byte[]> packaged = ChartArchive.read(b.path(), ChartArchive.Limits.defaults());
    assertThat(packaged)
        .containsKeys("Chart.yaml", "charts/common-1.2.0.tgz", "charts/sidecar/Chart.yaml");

    String manifest = new Helm(b.path()).template().withName("rel").call();
    assertThat(manifest).contains("replicas: 3").contains(":prod\"").contains("name: rel-sidecar");
    assertThat(new Helm(b.path()).lint().call().isFailed()).isFalse();

    // what Helm's own package makes of the same directory (dependencies vendored first) renders
    // the same manifest, values aside
    ChartBuilder.Build plain =
        ChartBuilder.local(
            root,
            "charts/app",
            dir.resolve("plain.tgz"),
            new ChartBuilder.Options(List.of(), false, "", null, false, 100L << 20, 1000),
            (url, name, version, target) -> Files.write(target, lib));
    Path vendored = Files.createDirectories(app.resolve("charts"));
    Files.write(vendored.resolve("common-1.2.0.tgz"), lib);
    new Helm(root.resolve("charts/sidecar")).packageIt().withDestination(vendored).call();
    Path helmOut = Files.createDirectories(dir.resolve("helm-out"));
    new Helm(app).packageIt().withDestination(helmOut).call();
    assertThat(new Helm(plain.path()).template().withName("rel").call())
        .isEqualTo(new Helm(helmOut.resolve("app-0.1.0.tgz")).template().withName("rel").call());
  }

  @Test
  void refusesChartPathsAndValuesFilesOutsideTheArtifact() throws Exception {
    Path root = Files.createDirectories(dir.resolve("artifact"));
    Helm.create().withName("app").withDir(root).call();
    ChartBuilder.Options o =
        new ChartBuilder.Options(List.of(), false, "", null, false, 100L << 20, 1000);
    assertThatThrownBy(() -> ChartBuilder.local(root, "../etc", dir.resolve("o.tgz"), o, null))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith(
            "invalid chart reference: path '../etc' is outside the source artifact")
        .satisfies(e -> assertThat(((SourceException) e).terminal()).isTrue());
    assertThatThrownBy(() -> ChartBuilder.local(root, "nope", dir.resolve("o.tgz"), o, null))
        .hasMessageContaining("no chart found at path 'nope'");
    ChartBuilder.Options escaping =
        new ChartBuilder.Options(
            List.of("../../secret.yaml"), false, "", null, false, 100L << 20, 1000);
    assertThatThrownBy(() -> ChartBuilder.local(root, "app", dir.resolve("o.tgz"), escaping, null))
        .hasMessageContaining("values files merge error")
        .hasMessageContaining("outside the source artifact");
    ChartBuilder.Options missing =
        new ChartBuilder.Options(List.of("none.yaml"), false, "", null, false, 100L << 20, 1000);
    assertThatThrownBy(() -> ChartBuilder.local(root, "app", dir.resolve("o.tgz"), missing, null))
        .hasMessage(
            "values files merge error: no values file found at path '/none.yaml' (reference 'none.yaml')");
  }
}
