package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.sourceReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.HelmChart;
import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.api.flux.source.HelmRepositorySpec;
import io.flotilla.api.flux.source.SourceStatus;
import io.flotilla.source.helm.OciChartRepository;
import io.flotilla.source.oci.OciClient;
import io.flotilla.source.oci.OciReference;
import io.flotilla.source.oci.TlsContexts;
import io.flotilla.testkit.Edits;
import io.flotilla.testkit.ReconcileRequest;
import io.flotilla.testkit.git.GitDaemon;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.TestCa;
import io.flotilla.testkit.helm.TestCharts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HelmChart and HelmRepository against real servers on loopback: charts in docker-registry (pushed
 * by Helm itself, or behind htpasswd), an https chart repository with a private CA and client
 * certificates, and charts packaged from a GitRepository. Given these objects, expect Flux's
 * conditions, revisions and artifacts.
 */
class HelmChartSourcesIT {
  static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
  @RegisterExtension static final RunningControllers cluster = RunningControllers.with(o -> o);

  @TempDir static Path tmp;
  static final List<Process> processes = new ArrayList<>();
  static final List<HttpServer> servers = new ArrayList<>();
  static final Map<String, Path> charts = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    for (String v : List.of("6.0.3", "6.1.0", "7.0.0-rc.1")) {
      charts.put(v, TestCharts.helmCreate("podinfo", v, tmp.resolve("charts")));
    }
  }

  @AfterAll
  static void stop() {
    servers.forEach(s -> s.stop(0));
    processes.forEach(Process::destroy);
  }

  // --- OCI ---

  @Test
  void ociChartsPushedByHelmResolveBySemverOverTagsAndTheRepositoryStaysDataOnly()
      throws Exception {
    String host = registry("anon", null, null);
    for (Path tgz : charts.values()) {
      Helm.push()
          .withChart(tgz)
          .withRemote(URI.create("oci://" + host + "/charts"))
          .plainHttp()
          .call();
    }
    // as `flux create source helm podinfo --url=oci://<host>/charts` writes it (plus insecure:
    // the registry speaks plain http)
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata: {name: oci-anon, namespace: default}
        spec: {type: oci, url: "oci://%s/charts", interval: 10m, insecure: true}
        """
            .formatted(host));
    helmChart("oci-6x", "podinfo", "6.x", "HelmRepository", "oci-anon");
    helmChart("oci-latest", "podinfo", "*", "HelmRepository", "oci-anon");
    helmChart("oci-pre", "podinfo", ">=7.0.0-0", "HelmRepository", "oci-anon");

    HelmChart sixX = awaitReady(HelmChart.class, "oci-6x");
    assertThat(ready(sixX).reason()).isEqualTo("ChartPullSucceeded");
    assertThat(ready(sixX).message()).isEqualTo("pulled 'podinfo' chart with version '6.1.0'");
    assertThat(sixX.getStatus().artifact().revision()).isEqualTo("6.1.0");
    // the artifact is the very archive Helm pushed
    assertThat(sixX.getStatus().artifact().digest()).isEqualTo(sha256(charts.get("6.1.0")));
    assertThat(awaitReady(HelmChart.class, "oci-latest").getStatus().artifact().revision())
        .isEqualTo("6.1.0");
    assertThat(awaitReady(HelmChart.class, "oci-pre").getStatus().artifact().revision())
        .isEqualTo("7.0.0-rc.1");

    HelmRepository repo = cluster.get(HelmRepository.class, "oci-anon");
    assertThat(repo.getStatus()).as("an oci HelmRepository is data only").isNull();
    assertThat(repo.getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void ociChartsBehindBasicAuthWithUsernamePasswordOrDockerConfigJson() throws Exception {
    String host = registry("auth", "flux", "s3cr3t-pass");
    pushChart(host, "flux", "s3cr3t-pass", charts.get("6.0.3"), "6.0.3");
    secret("reg-basic", null, Map.of("username", "flux", "password", "s3cr3t-pass"));
    String auth = Base64.getEncoder().encodeToString("flux:s3cr3t-pass".getBytes());
    secret(
        "reg-docker",
        "kubernetes.io/dockerconfigjson",
        Map.of(
            ".dockerconfigjson", "{\"auths\":{\"%s\":{\"auth\":\"%s\"}}}".formatted(host, auth)));
    secret("reg-wrong", null, Map.of("username", "flux", "password", "wrong"));
    for (String s : List.of("basic", "docker", "wrong")) {
      apply(
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: HelmRepository
          metadata: {name: oci-%s, namespace: default}
          spec:
            type: oci
            url: "oci://%s/charts"
            interval: 10m
            insecure: true
            secretRef: {name: reg-%s}
          """
              .formatted(s, host, s));
      helmChart("auth-" + s, "podinfo", "6.0.x", "HelmRepository", "oci-" + s);
    }

    assertThat(awaitReady(HelmChart.class, "auth-basic").getStatus().artifact().revision())
        .isEqualTo("6.0.3");
    assertThat(awaitReady(HelmChart.class, "auth-docker").getStatus().artifact().revision())
        .isEqualTo("6.0.3");
    HelmChart wrong = cluster.awaitSettled(HelmChart.class, "auth-wrong");
    assertThat(ready(wrong).status()).isEqualTo("False");
    assertThat(ready(wrong).reason()).isEqualTo("AuthenticationFailed");
    assertThat(ready(wrong).message()).contains(host).doesNotContain("wrong");
  }

  // --- data only ---

  @Test
  void aDefaultRepositoryTurnedOciLosesItsStatusFinalizerAndArtifacts() throws Exception {
    String base = chartRepository("plain", null, null);
    apply(ReleaseChecks.repositoryYaml("turned", base, "10m"));
    HelmRepository r = awaitReady(HelmRepository.class, "turned");
    assertThat(r.getMetadata().getFinalizers()).contains("finalizers.fluxcd.io");
    Path artifactDir = storedDir("helmrepository/default/turned");
    assertThat(artifactDir).isNotNull();

    Edits.edit(
        cluster.client().resources(HelmRepository.class).inNamespace("default").withName("turned"),
        x -> {
          x.setSpec(
              new HelmRepositorySpec(
                  "oci://127.0.0.1:1/charts",
                  null,
                  null,
                  null,
                  true,
                  "10m",
                  null,
                  null,
                  null,
                  null,
                  HelmRepositorySpec.Type.OCI));
          return x;
        });

    HelmRepository after =
        cluster.await(
            HelmRepository.class,
            "turned",
            o -> o.getStatus() == null && o.getMetadata().getFinalizers().isEmpty());
    assertThat(after.getSpec().isOci()).isTrue();
    assertThat(artifactDir).doesNotExist();
  }

  // --- TLS ---

  @Test
  void certSecretRefTrustsAPrivateCaAndPresentsAClientCertificate() throws Exception {
    TestCa ca = TestCa.generate("charts");
    TestCa.ClientCert cert = ca.issueClient("flux");
    String base = httpsChartRepository(ca);
    secret("ca-only", null, Map.of("ca.crt", ca.caPem()));
    secret(
        "ca-and-client",
        null,
        Map.of("ca.crt", ca.caPem(), "tls.crt", cert.certPem(), "tls.key", cert.keyPem()));
    for (String s : List.of("ca-only", "ca-and-client")) {
      apply(
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: HelmRepository
          metadata: {name: tls-%s, namespace: default}
          spec:
            url: "%s"
            interval: 10m
            certSecretRef: {name: %s}
          """
              .formatted(s, base, s));
    }
    helmChart("tls-chart", "podinfo", "6.0.3", "HelmRepository", "tls-ca-and-client");

    HelmRepository mtls = awaitReady(HelmRepository.class, "tls-ca-and-client");
    assertThat(mtls.getStatus().artifact().revision()).startsWith("sha256:");
    HelmChart pulled = awaitReady(HelmChart.class, "tls-chart");
    assertThat(pulled.getStatus().artifact().digest()).isEqualTo(sha256(charts.get("6.0.3")));
    HelmRepository noClientCert = cluster.awaitSettled(HelmRepository.class, "tls-ca-only");
    assertThat(ready(noClientCert).status()).isEqualTo("False");
    assertThat(ready(noClientCert).message())
        .startsWith("failed to fetch Helm repository index")
        .contains(base);
  }

  // --- GitRepository ---

  @Test
  void aChartFromGitIsPackagedWithValuesFilesAndTheRevisionAndRepackagedWhenItMoves()
      throws Exception {
    String deps = chartRepository("deps", "dep-user", "dep-pass");
    secret("deps-auth", null, Map.of("username", "dep-user", "password", "dep-pass"));
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata: {name: deps, namespace: default}
        spec: {url: "%s", interval: 10m, secretRef: {name: deps-auth}}
        """
            .formatted(deps));
    GitRepoFixture git = GitRepoFixture.create(tmp.resolve("git"), "app");
    Path src = tmp.resolve("charts/src-podinfo-6.0.3/podinfo");
    try (var files = Files.walk(src)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        git.commit(
            "charts/podinfo/" + src.relativize(f), Files.readString(f), "add " + f.getFileName());
      }
    }
    git.commit("charts/podinfo/values-prod.yaml", "replicaCount: 3\n", "prod values");
    git.commit(
        "charts/withdep/Chart.yaml",
        """
        apiVersion: v2
        name: withdep
        version: 1.0.0
        dependencies:
          - name: podinfo
            version: 6.0.x
            repository: %s
        """
            .formatted(deps),
        "a chart with an http dependency");
    git.commit(
        "charts/aliased/Chart.yaml",
        """
        apiVersion: v2
        name: aliased
        version: 1.0.0
        dependencies:
          - {name: podinfo, version: 6.0.x, repository: "@deps"}
        """,
        "a chart with an aliased dependency");
    git.push("main");
    GitDaemon daemon = GitDaemon.start(tmp.resolve("git/repos"));
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: app, namespace: default}
        spec: {url: "%s", interval: 10m, ref: {branch: main}}
        """
            .formatted(daemon.url("app")));
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata: {name: git-rev, namespace: default}
        spec:
          chart: ./charts/podinfo
          sourceRef: {kind: GitRepository, name: app}
          interval: 10m
          reconcileStrategy: Revision
        """);
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata: {name: git-values, namespace: default}
        spec:
          chart: charts/podinfo
          sourceRef: {kind: GitRepository, name: app}
          interval: 10m
          valuesFiles: [charts/podinfo/values.yaml, charts/podinfo/values-prod.yaml]
        """);
    helmChart("git-dep", "charts/withdep", null, "GitRepository", "app");
    helmChart("git-alias", "charts/aliased", null, "GitRepository", "app");

    String commit = git.head();
    HelmChart rev = awaitReady(HelmChart.class, "git-rev");
    assertThat(ready(rev).reason()).isEqualTo("ChartPackageSucceeded");
    assertThat(rev.getStatus().artifact().revision()).isEqualTo("6.0.3+" + commit.substring(0, 12));
    assertThat(ready(rev).message())
        .isEqualTo("packaged 'podinfo' chart with version '6.0.3+%s'", commit.substring(0, 12));
    assertThat(rev.getStatus().observedSourceArtifactRevision()).isEqualTo("main@sha1:" + commit);

    HelmChart values = awaitReady(HelmChart.class, "git-values");
    assertThat(values.getStatus().artifact().revision()).isEqualTo("6.0.3+1");
    assertThat(values.getStatus().observedValuesFiles())
        .containsExactly("charts/podinfo/values.yaml", "charts/podinfo/values-prod.yaml");
    // Helm's own reading of the packaged chart sees the merged values
    Path valuesChart = download(values, tmp.resolve("git-values.tgz"));
    assertThat(new Helm(valuesChart).show().values().call()).contains("replicaCount: 3");

    HelmChart dep = awaitReady(HelmChart.class, "git-dep");
    assertThat(entries(download(dep, tmp.resolve("git-dep.tgz"))))
        .contains("withdep/charts/podinfo-6.0.3.tgz");

    HelmChart alias = cluster.awaitSettled(HelmChart.class, "git-alias");
    assertThat(ready(alias).reason()).isEqualTo("DependencyBuildError");
    assertThat(ready(alias).message()).contains("'@deps'").contains("write the repository URL");

    String next = git.commit("charts/podinfo/NOTES.md", "moved\n", "a new commit");
    git.push("main");
    requestReconcile(GitRepository.class, "app");
    HelmChart moved =
        cluster.await(
            HelmChart.class,
            "git-rev",
            o ->
                o.getStatus() != null
                    && o.getStatus().artifact() != null
                    && o.getStatus().artifact().revision().endsWith(next.substring(0, 12)));
    assertThat(moved.getStatus().artifact().revision()).isEqualTo("6.0.3+" + next.substring(0, 12));
    assertThat(ready(moved).status()).isEqualTo("True");
    daemon.close();
  }

  // --- helpers ---

  /** Creates the object of {@code yaml} typed, as the Java client writes it. */
  static void apply(String yaml) {
    Class<? extends HasMetadata> type =
        switch (yaml.lines().filter(l -> l.startsWith("kind: ")).findFirst().orElseThrow()) {
          case "kind: HelmRepository" -> HelmRepository.class;
          case "kind: HelmChart" -> HelmChart.class;
          case "kind: GitRepository" -> GitRepository.class;
          default -> throw new IllegalArgumentException(yaml);
        };
    cluster.create(type, yaml);
  }

  static void helmChart(String name, String chart, String version, String kind, String source) {
    apply(ReleaseChecks.chartYaml(name, chart, version, kind, source, "10m"));
  }

  static void secret(String name, String type, Map<String, String> data) {
    Secret s =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .endMetadata()
            .withType(type)
            .withStringData(data)
            .build();
    cluster.client().resource(s).create();
  }

  static <T extends HasMetadata> void requestReconcile(Class<T> type, String name) {
    cluster
        .client()
        .resources(type)
        .inNamespace("default")
        .withName(name)
        .patch(ReconcileRequest.MERGE, ReconcileRequest.patch(String.valueOf(System.nanoTime())));
  }

  static Condition ready(CustomResource<?, ? extends SourceStatus> o) {
    return sourceReady(o).orElseThrow();
  }

  static <T extends CustomResource<?, ? extends SourceStatus>> T awaitReady(
      Class<T> type, String name) {
    T o = cluster.awaitSettled(type, name);
    if (!ready(o).status().equals("True")) {
      // a first failure may be retried into success (a source not ready yet): wait for it
      o = cluster.await(type, name, x -> sourceReady(x).filter(Condition::isTrue).isPresent());
    }
    return o;
  }

  static Path storedDir(String rel) {
    try (var s = Files.walk(cluster.dataDir())) {
      return s.filter(p -> p.endsWith(rel) && Files.isDirectory(p)).findFirst().orElse(null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path download(HelmChart chart, Path target) throws Exception {
    HttpResponse<Path> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(chart.getStatus().artifact().url())).build(),
                HttpResponse.BodyHandlers.ofFile(target));
    assertThat(r.statusCode()).isEqualTo(200);
    return target;
  }

  static List<String> entries(Path tgz) throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(tgz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    return names;
  }

  static String sha256(Path file) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** An index of the three podinfo charts, as {@code helm repo index} would list them. */
  static byte[] index() {
    StringBuilder b = new StringBuilder("apiVersion: v1\nentries:\n  podinfo:\n");
    charts.forEach(
        (v, p) -> {
          try {
            b.append(
                "  - {name: podinfo, version: %s, urls: [podinfo-%s.tgz], digest: %s}\n"
                    .formatted(v, v, sha256(p).substring(7)));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A chart repository on http, with basic auth when {@code user} is set; returns its URL. */
  static String chartRepository(String name, String user, String password) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serveCharts(s, user, password);
    return "http://127.0.0.1:" + s.getAddress().getPort() + "/" + name;
  }

  /** A chart repository on https with a certificate of {@code ca}, asking for a client's. */
  static String httpsChartRepository(TestCa ca) throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    SSLContext ssl =
        TlsContexts.fromSecret(
            Map.of(
                "ca.crt", ca.caPem().getBytes(),
                "tls.crt", ca.serverCertPem().getBytes(),
                "tls.key", ca.serverKeyPem().getBytes()));
    s.setHttpsConfigurator(
        new HttpsConfigurator(ssl) {
          @Override
          public void configure(HttpsParameters params) {
            var p = ssl.getDefaultSSLParameters();
            p.setNeedClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    serveCharts(s, null, null);
    return "https://127.0.0.1:" + s.getAddress().getPort() + "/charts";
  }

  static void serveCharts(HttpServer s, String user, String password) {
    String expected =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    s.createContext(
        "/",
        ex -> {
          String file = Path.of(ex.getRequestURI().getPath()).getFileName().toString();
          byte[] body = null;
          if (expected != null
              && !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
          }
          if (file.equals("index.yaml")) {
            body = index();
          } else if (file.startsWith("podinfo-") && file.endsWith(".tgz")) {
            Path p = charts.get(file.substring(8, file.length() - 4));
            body = p == null ? null : Files.readAllBytes(p);
          }
          ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) ex.getResponseBody().write(body);
          ex.close();
        });
    s.start();
    servers.add(s);
  }

  /** docker-registry on loopback (htpasswd when {@code user} is set); returns host:port. */
  static String registry(String name, String user, String password) throws Exception {
    assumeTrue(
        Files.isExecutable(REGISTRY),
        "docker-registry is not installed (apt-get install docker-registry)");
    Path dir = Files.createDirectories(tmp.resolve("registry-" + name));
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String auth = "";
    if (user != null) {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      Files.writeString(
          dir.resolve("htpasswd"),
          user + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 6) + "\n");
      auth =
          "auth:\n  htpasswd:\n    realm: charts\n    path: %s\n"
              .formatted(dir.resolve("htpasswd"));
    }
    Files.writeString(
        dir.resolve("config.yml"),
        "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%d\n%s"
            .formatted(dir.resolve("data"), port, auth));
    Process p =
        new ProcessBuilder(REGISTRY.toString(), "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    processes.add(p);
    int listening = port;
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new IOException(
                    "docker-registry did not start: " + Files.readString(dir.resolve("log")));
              }
              try (var c = new java.net.Socket("127.0.0.1", listening)) {
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    return "127.0.0.1:" + port;
  }

  /** Pushes a chart as Helm lays it out (Helm config + chart content layer) with our client. */
  static void pushChart(String host, String user, String password, Path tgz, String tag)
      throws Exception {
    OciClient oci =
        new OciClient(
            OciReference.parse("oci://" + host + "/charts/podinfo"),
            new OciClient.Options(true, null, user, password, Duration.ofSeconds(10)));
    byte[] config =
        "{\"name\":\"podinfo\",\"version\":\"%s\",\"apiVersion\":\"v2\"}".formatted(tag).getBytes();
    byte[] layer = Files.readAllBytes(tgz);
    String manifest =
        """
        {"schemaVersion":2,"mediaType":"%s",
         "config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"%s","size":%d},
         "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}
        """
            .formatted(
                OciClient.OCI_MANIFEST,
                oci.pushBlob(config),
                config.length,
                OciChartRepository.CHART_LAYER,
                oci.pushBlob(layer),
                layer.length);
    oci.pushManifest(tag, manifest.getBytes(StandardCharsets.UTF_8), OciClient.OCI_MANIFEST);
  }
}
