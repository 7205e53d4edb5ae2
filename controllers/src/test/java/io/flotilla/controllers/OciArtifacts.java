package io.flotilla.controllers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.source.oci.OciClient;
import io.flotilla.source.oci.OciReference;
import io.flotilla.testkit.oci.DockerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Manifests published as OCI artifacts to a loopback docker-registry, for the source ITs. */
public final class OciArtifacts {
  private OciArtifacts() {}

  /**
   * A registry storing under {@code dir}, anonymous; the test is skipped where none is installed.
   */
  public static DockerRegistry registryOrSkip(Path dir) {
    return registryOrSkip(dir, null, null);
  }

  /** A registry storing under {@code dir} for {@code user} (null: anonymous), or a skipped test. */
  public static DockerRegistry registryOrSkip(Path dir, String user, String password) {
    assumeTrue(
        DockerRegistry.installed(), "docker-registry is not installed (.ci/run installs it)");
    return DockerRegistry.start(dir, user, password);
  }

  /** {@code oci://<registry>/fleet/manifests}, where the ITs push. */
  public static String fleetUrl(DockerRegistry registry) {
    return "oci://" + registry.host() + "/fleet/manifests";
  }

  /** A client of {@code url} over plain HTTP. */
  public static OciClient client(String url) {
    return client(url, null, null);
  }

  /** A client of {@code url} over plain HTTP, as {@code user} (null: anonymous). */
  public static OciClient client(String url, String user, String password) {
    return new OciClient(
        OciReference.parse(url),
        new OciClient.Options(true, null, user, password, Duration.ofSeconds(10)));
  }

  /** A gzipped tar of one file {@code name}. */
  public static byte[] tgz(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(data.length);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }
}
