package io.flotilla.source.oci;

import io.flotilla.source.bucket.LocalServer;
import io.flotilla.testkit.git.Processes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Debian's docker-registry on 127.0.0.1, optionally with htpasswd auth and TLS. */
final class Registry implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/docker-registry");
  final LocalServer server;
  final Path dir;

  private Registry(LocalServer server, Path dir) {
    this.server = server;
    this.dir = dir;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /**
   * @param user null for anonymous access
   * @param tls with a self-signed certificate for 127.0.0.1 in {@code dir/tls.crt}
   */
  static Registry start(Path dir, String user, String password, boolean tls) throws Exception {
    Files.createDirectories(dir);
    int port = Processes.freePort();
    StringBuilder cfg =
        new StringBuilder(
            """
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: %s
            http:
              addr: 127.0.0.1:%d
            """
                .formatted(dir.resolve("data"), port));
    if (tls) {
      Process p =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "1",
                  "-subj",
                  "/CN=127.0.0.1",
                  "-addext",
                  "subjectAltName=IP:127.0.0.1",
                  "-keyout",
                  dir.resolve("tls.key").toString(),
                  "-out",
                  dir.resolve("tls.crt").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
      if (p.waitFor() != 0) {
        throw new IOException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
      }
      cfg.append(
          """
            tls:
              certificate: %s
              key: %s
          """
              .formatted(dir.resolve("tls.crt"), dir.resolve("tls.key")));
    }
    if (user != null) {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      String hash = OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 6);
      Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n");
      cfg.append(
          """
          auth:
            htpasswd:
              realm: test-registry
              path: %s
          """
              .formatted(dir.resolve("htpasswd")));
    }
    Files.writeString(dir.resolve("config.yml"), cfg.toString());
    LocalServer server =
        LocalServer.start(
            dir, List.of(BINARY.toString(), "serve", dir.resolve("config.yml").toString()), port);
    return new Registry(server, dir);
  }

  String host() {
    return "127.0.0.1:" + server.port;
  }

  @Override
  public void close() {
    server.close();
  }

  /** A tar.gz of {@code files} (path → content). */
  static byte[] tgz(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (var e : files.entrySet()) {
        byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
