package io.flotilla.testkit.oci;

import io.flotilla.testkit.git.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Debian's {@code docker-registry} (CNCF distribution) on 127.0.0.1 and a random port, plain HTTP,
 * optionally with htpasswd basic auth; {@code .ci/run} installs it, tests skip when it is absent.
 */
public final class DockerRegistry implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private final Process process;
  private final int port;

  private DockerRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts a registry storing under {@code dir}; {@code user} null for anonymous access. */
  public static DockerRegistry start(Path dir, String user, String password) {
    try {
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
                delete:
                  enabled: true
              http:
                addr: 127.0.0.1:%d
              """
                  .formatted(dir.resolve("data"), port));
      if (user != null) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Files.writeString(
            dir.resolve("htpasswd"),
            user + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 6) + "\n");
        cfg.append(
            """
            auth:
              htpasswd:
                realm: test-registry
                path: %s
            """
                .formatted(dir.resolve("htpasswd")));
      }
      Path config = dir.resolve("config-" + port + ".yml");
      Files.writeString(config, cfg.toString());
      Path log = dir.resolve("registry-" + port + ".log");
      Process p =
          new ProcessBuilder(BINARY.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Processes.awaitPort(port, p, log);
      return new DockerRegistry(p, port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start docker-registry", e);
    }
  }

  /** {@code 127.0.0.1:<port>} */
  public String host() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
