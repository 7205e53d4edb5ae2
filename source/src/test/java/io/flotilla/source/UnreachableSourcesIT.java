package io.flotilla.source;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import io.flotilla.source.bucket.AzureBlobBucketProvider;
import io.flotilla.source.bucket.BucketFetcher;
import io.flotilla.source.bucket.S3BucketProvider;
import io.flotilla.source.git.GitFetcher;
import io.flotilla.source.git.GitRef;
import io.flotilla.source.helm.ChartRepository;
import io.flotilla.source.helm.RepositoryOptions;
import io.flotilla.source.oci.OciClient;
import io.flotilla.source.oci.OciFetcher;
import io.flotilla.source.oci.OciReference;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.TestCa;
import io.flotilla.testkit.helm.ChartRepoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user reads when a source cannot be reached, for each kind of source against real endpoints
 * on loopback: a host that does not resolve ({@code no such host}, not the bare host name), a port
 * nobody listens on ({@code connection refused}), a certificate from an unknown CA (with where to
 * put the CA), and a Git server that speaks only the dumb HTTP protocol (said in go-git's words,
 * not a Java NullPointerException).
 */
class UnreachableSourcesIT {
  private static final Duration T = Duration.ofSeconds(10);
  private static final String NO_SUCH_HOST = "no-such-host.invalid";
  @TempDir Path tmp;

  /** A loopback port nothing listens on. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A server nobody reaches: {@code host[:port]}, the scheme a URL names it with, what Go says. */
  record Unreachable(String host, String scheme, String says) {
    String url(String path) {
      return scheme + "://" + host + path;
    }
  }

  /** One that does not resolve (named over https), one that refuses (named over http). */
  static List<Unreachable> unreachable() throws IOException {
    int closed = closedPort();
    return List.of(
        new Unreachable(
            NO_SUCH_HOST, "https", "dial tcp: lookup no-such-host.invalid: no such host"),
        new Unreachable(
            "127.0.0.1:" + closed,
            "http",
            "dial tcp 127.0.0.1:%d: connect: connection refused".formatted(closed)));
  }

  @Test
  void gitSaysWhatIsWrongWithTheServer() throws Exception {
    GitFetcher git = new GitFetcher(T);
    for (Unreachable u : unreachable()) {
      String url = u.url("/org/app.git");
      assertThatThrownBy(() -> git.remoteRevision(url, GitRef.ofBranch("main"), null))
          .isInstanceOf(SourceException.class)
          .hasMessage("unable to list remote for '" + url + "': " + u.says());
    }

    // a bare repository behind a plain file server: the dumb HTTP protocol
    GitRepoFixture repo = GitRepoFixture.create(tmp, "app");
    repo.commit("app.yaml", "kind: ConfigMap\n", "first");
    repo.push("main");
    GitRepoFixture.git(repo.bare(), "update-server-info");
    HttpServer files =
        SimpleFileServer.createFileServer(
            new InetSocketAddress("127.0.0.1", 0),
            repo.bare().getParent().toAbsolutePath(),
            SimpleFileServer.OutputLevel.NONE);
    files.start();
    try {
      String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/app.git";
      assertThatThrownBy(() -> git.remoteRevision(url, GitRef.ofBranch("main"), null))
          .isInstanceOf(SourceException.class)
          .hasMessage(
              "unable to list remote for '"
                  + url
                  + "': the server speaks only the dumb HTTP protocol, which is not supported:"
                  + " serve the repository over smart HTTP (git http-backend), git:// or SSH");
    } finally {
      files.stop(0);
    }
  }

  @Test
  void aHelmRepositorySaysWhatIsWrongWithTheServer() throws Exception {
    RepositoryOptions anonymous = RepositoryOptions.anonymous(T);
    for (Unreachable u : unreachable()) {
      String url = u.url("/charts");
      assertThatThrownBy(
              () ->
                  new ChartRepository(url, anonymous)
                      .downloadIndex(tmp.resolve(u.scheme() + ".yaml"), 1 << 20))
          .hasMessage("failed to fetch " + url + "/index.yaml : " + u.says());
    }
    try (ChartRepoServer tls =
        ChartRepoServer.start(ChartRepoServer.Options.defaults().withTls(TestCa.generate("h")))) {
      assertThatThrownBy(
              () ->
                  new ChartRepository(tls.url(), anonymous)
                      .downloadIndex(tmp.resolve("c.yaml"), 1 << 20))
          .hasMessageEndingWith(
              ": tls: failed to verify certificate: x509: certificate signed by unknown authority"
                  + " (set 'ca.crt' in the secret spec.certSecretRef names to trust the server's"
                  + " CA)");
    }
  }

  @Test
  void anOciRegistrySaysWhatIsWrongWithTheServer() throws Exception {
    for (Unreachable u : unreachable()) {
      OciFetcher oci =
          new OciFetcher(
              new OciClient(
                  OciReference.parse("oci://" + u.host() + "/org/manifests"),
                  new OciClient.Options(true, null, null, null, T)),
              1 << 20);
      assertThatThrownBy(
              () -> oci.resolve(new OciFetcher.Request("latest", null, null, null, null)))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("cannot reach " + u.host() + ": " + u.says());
    }
  }

  @Test
  void anAzureBlobContainerSaysWhatIsWrongWithTheServer() throws Exception {
    int closed = closedPort();
    try (AzureBlobBucketProvider blob =
        AzureBlobBucketProvider.create(
            "http://127.0.0.1:" + closed + "/devstoreaccount1",
            new AzureBlobBucketProvider.Auth.Anonymous(),
            T)) {
      assertThatThrownBy(
              () -> new BucketFetcher(T, 1 << 20).index(blob, "manifests", "", null, tmp))
          .isInstanceOf(SourceException.class)
          .hasMessage(
              "failed to confirm existence of 'manifests' bucket: dial tcp 127.0.0.1:%d: connect:"
                      .formatted(closed)
                  + " connection refused");
    }
  }

  @Test
  void anS3BucketSaysWhatIsWrongWithTheServer() throws Exception {
    for (Unreachable u : unreachable()) {
      try (S3BucketProvider s3 =
          S3BucketProvider.create(
              new S3BucketProvider.Options(u.host(), true, null, "key", "secret", T))) {
        assertThatThrownBy(
                () -> new BucketFetcher(T, 1 << 20).index(s3, "manifests", "", null, tmp))
            .isInstanceOf(SourceException.class)
            .hasMessage("failed to confirm existence of 'manifests' bucket: " + u.says());
      }
    }
  }
}
