package io.flotilla.source.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.source.SourceException;
import io.flotilla.testkit.git.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCI client and fetcher against Debian's docker-registry: push, resolve, pull, faults. */
class OciRegistryIT {
  @TempDir static Path work;
  @AutoClose static Registry plain;
  @AutoClose static Registry secured;
  static String v1Digest;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Registry.installed(), "docker-registry is not installed (apt-get install docker-registry)");
    plain = Registry.start(work.resolve("plain"), null, null, false);
    secured = Registry.start(work.resolve("secured"), "flux", "s3cr3t-pass", true);
    OciClient push = client(plain, null, null, true);
    v1Digest =
        push.pushArtifact(
            "v1.0.0",
            Registry.tgz(Map.of("deploy.yaml", "kind: Deployment\n")),
            null,
            Map.of(
                "org.opencontainers.image.revision",
                "main@sha1:1111",
                "org.opencontainers.image.source",
                "https://example.com/repo"));
    push.pushArtifact(
        "v1.1.0", Registry.tgz(Map.of("deploy.yaml", "kind: Deployment # 1.1\n")), null, Map.of());
    push.pushArtifact(
        "v2.0.0", Registry.tgz(Map.of("deploy.yaml", "kind: Deployment # 2\n")), null, Map.of());
    push.pushArtifact(
        "latest", Registry.tgz(Map.of("app/cm.yaml", "kind: ConfigMap\n")), null, Map.of());
  }

  static OciClient client(Registry r, String user, String pass, boolean plainHttp) {
    return client(r, user, pass, plainHttp, null);
  }

  static OciClient client(
      Registry r, String user, String pass, boolean plainHttp, javax.net.ssl.SSLContext ssl) {
    return new OciClient(
        OciReference.parse("oci://" + r.host() + "/org/manifests"),
        new OciClient.Options(plainHttp, ssl, user, pass, Duration.ofSeconds(10)));
  }

  static OciFetcher.Request tag(String t) {
    return new OciFetcher.Request(t, null, null, null, null);
  }

  @Test
  void theDefaultTagIsLatestAndTheRevisionNamesTagAndDigest(@TempDir Path dir) throws Exception {
    OciFetcher f = new OciFetcher(client(plain, null, null, true), 1 << 20);
    var resolved = f.resolve(tag(null));
    assertThat(resolved.revision()).matches("latest@sha256:[0-9a-f]{64}");
    f.pull(resolved, tag(null), dir.resolve("out"), dir);
    assertThat(Files.readString(dir.resolve("out/app/cm.yaml"))).isEqualTo("kind: ConfigMap\n");
  }

  @Test
  void copyStoresTheLayerExactlyAsPulled(@TempDir Path dir) throws Exception {
    OciFetcher f = new OciFetcher(client(plain, null, null, true), 1 << 20);
    OciFetcher.Request copy = new OciFetcher.Request("v1.0.0", null, null, null, "copy");
    var resolved = f.resolve(copy);
    f.pull(resolved, copy, dir.resolve("out"), dir);
    var storage = new io.flotilla.source.artifact.ArtifactStorage(dir.resolve("store"), "http://x");
    var stored =
        storage.storeFile(
            "ocirepository", "default", "app", resolved.revision(), OciFetcher.layerFile(dir));
    String layerDigest = resolved.manifest().layers().get(0).digest();
    assertThat(stored.digest()).as("the stored bytes are the layer blob").isEqualTo(layerDigest);
    assertThat(storage.root().resolve(stored.path()))
        .hasSameBinaryContentAs(OciFetcher.layerFile(dir));
  }

  @Test
  void semverPicksTheHighestMatchingTag() throws Exception {
    OciFetcher f = new OciFetcher(client(plain, null, null, true), 1 << 20);
    var resolved = f.resolve(new OciFetcher.Request(null, ">=1.0.0 <2.0.0", null, null, null));
    assertThat(resolved.tag()).isEqualTo("v1.1.0");
    assertThat(resolved.revision()).startsWith("v1.1.0@sha256:");
  }

  @Test
  void aDigestBeatsTagAndSemverAndTheMetadataIsTheManifestsAnnotations() throws Exception {
    OciFetcher f = new OciFetcher(client(plain, null, null, true), 1 << 20);
    var resolved = f.resolve(new OciFetcher.Request("latest", "*", v1Digest, null, null));
    assertThat(resolved.revision()).isEqualTo(v1Digest);
    assertThat(resolved.metadata())
        .containsEntry("org.opencontainers.image.revision", "main@sha1:1111")
        .containsEntry("org.opencontainers.image.source", "https://example.com/repo");
  }

  @Test
  void anUnknownTagOrMediaTypeIsReported(@TempDir Path dir) throws Exception {
    OciFetcher f = new OciFetcher(client(plain, null, null, true), 1 << 20);
    assertThatThrownBy(() -> f.resolve(tag("v9.9.9")))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("org/manifests:v9.9.9: not found");
    var req = new OciFetcher.Request("latest", null, null, "application/x-other", "extract");
    var resolved = f.resolve(req);
    assertThatThrownBy(() -> f.pull(resolved, req, dir.resolve("out"), dir))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("failed to find layer with media type 'application/x-other'");
  }

  @Test
  void anOversizedLayerIsRefused(@TempDir Path dir) throws Exception {
    OciFetcher f = new OciFetcher(client(plain, null, null, true), 16);
    var resolved = f.resolve(tag("latest"));
    assertThatThrownBy(() -> f.pull(resolved, tag("latest"), dir.resolve("out"), dir))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("more than the maximum artifact size of 16 bytes");
  }

  @Test
  void aRegistryThatIsDownIsReported() throws Exception {
    int port = Processes.freePort();
    OciFetcher f =
        new OciFetcher(
            new OciClient(
                OciReference.parse("oci://127.0.0.1:" + port + "/org/manifests"),
                new OciClient.Options(true, null, null, null, Duration.ofSeconds(2))),
            1 << 20);
    assertThatThrownBy(() -> f.resolve(tag("latest")))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("connection refused")
        .extracting(e -> ((SourceException) e).reason())
        .isEqualTo(OciFetcher.OCI_PULL_FAILED);
  }

  @Test
  void basicAuthOverTlsWithTheRegistrysCa(@TempDir Path dir) throws Exception {
    var ssl =
        TlsContexts.fromSecret(
            Map.of("ca.crt", Files.readAllBytes(secured.dir.resolve("tls.crt"))));
    OciClient c = client(secured, "flux", "s3cr3t-pass", false, ssl);
    c.pushArtifact("v1", Registry.tgz(Map.of("a.yaml", "a: 1\n")), null, Map.of());
    OciFetcher f = new OciFetcher(c, 1 << 20);
    var resolved = f.resolve(tag("v1"));
    f.pull(resolved, tag("v1"), dir.resolve("out"), dir);
    assertThat(dir.resolve("out/a.yaml")).hasContent("a: 1");

    OciFetcher wrong =
        new OciFetcher(client(secured, "flux", "not-the-password", false, ssl), 1 << 20);
    assertThatThrownBy(() -> wrong.resolve(tag("v1")))
        .isInstanceOf(SourceException.class)
        .hasMessageNotContaining("not-the-password")
        .extracting(e -> ((SourceException) e).reason())
        .isEqualTo("AuthenticationFailed");

    OciFetcher untrusted =
        new OciFetcher(client(secured, "flux", "s3cr3t-pass", false, null), 1 << 20);
    assertThatThrownBy(() -> untrusted.resolve(tag("v1")))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining(
            "cannot reach "
                + secured.host()
                + ": tls: failed to verify certificate: x509: certificate signed by unknown"
                + " authority (set 'ca.crt' in the secret spec.certSecretRef names");
  }
}
