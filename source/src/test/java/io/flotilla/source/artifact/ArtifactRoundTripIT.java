package io.flotilla.source.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pack → serve over HTTP on 127.0.0.1 → download, verify and extract. */
class ArtifactRoundTripIT {
  private static final String REV = "main@sha1:89abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;
  ArtifactServer server;
  ArtifactStorage storage;
  final ArtifactFetcher fetcher = new ArtifactFetcher(1 << 20, Duration.ofSeconds(10));

  @BeforeEach
  void start() throws IOException {
    ArtifactStorage unadvertised = new ArtifactStorage(tmp.resolve("storage"), "http://unset");
    server = ArtifactServer.start(unadvertised, "127.0.0.1", 0);
    storage = unadvertised.withAdvertisedBaseUrl(server.baseUrl());
    Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(tmp.resolve("outside/secret.tar.gz"), "not yours");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private StoredArtifact storeSample() throws Exception {
    Path src = tmp.resolve("src");
    ArtifactStorageTest.write(src.resolve("apps/deploy.yaml"), "kind: Deployment\n");
    ArtifactStorageTest.write(src.resolve("kustomization.yaml"), "resources: [apps/deploy.yaml]\n");
    return storage.store("GitRepository", "flux-system", "app", REV, src, SourceIgnore.defaults());
  }

  @Test
  void aServedArtifactIsVerifiedAndExtracted() throws Exception {
    StoredArtifact a = storeSample();
    assertThat(a.url()).startsWith(server.baseUrl() + "/gitrepository/flux-system/app/");
    Path into = tmp.resolve("into");
    fetcher.fetchAndExtract(a.url(), a.digest(), into);
    assertThat(into.resolve("apps/deploy.yaml")).hasContent("kind: Deployment");
    assertThat(into.resolve("kustomization.yaml")).exists();
  }

  @Test
  void aTamperedArtifactIsRefused() throws Exception {
    StoredArtifact a = storeSample();
    Files.write(
        tmp.resolve("storage").resolve(a.path()), new byte[] {0}, StandardOpenOption.APPEND);
    Path into = tmp.resolve("into");
    assertThatThrownBy(() -> fetcher.fetchAndExtract(a.url(), a.digest(), into))
        .isInstanceOf(SourceException.class)
        .hasMessage("failed to verify artifact: computed digest doesn't match '" + a.digest() + "'")
        .extracting(e -> ((SourceException) e).reason())
        .isEqualTo("ArtifactFailed");
    assertThat(into.resolve("apps")).doesNotExist();
  }

  @Test
  void aMissingArtifactReportsTheStatus() {
    String url = server.baseUrl() + "/gitrepository/flux-system/app/none.tar.gz";
    assertThatThrownBy(
            () -> fetcher.fetchAndExtract(url, "sha256:" + "0".repeat(64), tmp.resolve("x")))
        .hasMessage("failed to download artifact from " + url + ", status: 404");
  }

  /** As after a restart that moved the artifact server: the old address refuses, said so. */
  @Test
  void anArtifactServerThatIsGoneIsSaidInWords() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/gitrepository/flux-system/app/a.tar.gz";
    assertThatThrownBy(
            () -> fetcher.fetchAndExtract(url, "sha256:" + "0".repeat(64), tmp.resolve("x")))
        .hasMessage(
            "failed to download artifact from %s: dial tcp 127.0.0.1:%d: connect: connection"
                    .formatted(url, port)
                + " refused");
  }

  @Test
  void anArtifactOverTheLimitIsRefused() throws Exception {
    StoredArtifact a = storeSample();
    ArtifactFetcher tiny = new ArtifactFetcher(64, Duration.ofSeconds(10));
    assertThatThrownBy(() -> tiny.fetchAndExtract(a.url(), a.digest(), tmp.resolve("x")))
        .hasMessageContaining("bigger than the limit of 64 bytes");
  }

  @Test
  void theServerNeverLeavesItsRoot() throws Exception {
    storeSample();
    for (String path :
        new String[] {
          "/../outside/secret.tar.gz",
          "/gitrepository/../../outside/secret.tar.gz",
          "/%2e%2e/outside/secret.tar.gz",
          "/gitrepository%2f..%2f..%2foutside/secret.tar.gz",
          "/gitrepository/flux-system/app/89abcdef0123456789abcdef0123456789abcdef.tar.gz.meta"
        }) {
      assertThat(rawGet(path)).as(path).startsWith("HTTP/1.1 404");
    }
  }

  @Test
  void headAndGetServeTheStoredBytes() throws Exception {
    StoredArtifact a = storeSample();
    String response = rawGet("/" + a.path());
    assertThat(response).startsWith("HTTP/1.1 200").contains("Content-length: " + a.size());
  }

  /** Sends the path exactly as written, without client-side normalisation. */
  private String rawGet(String path) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
