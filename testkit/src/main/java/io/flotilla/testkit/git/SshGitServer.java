package io.flotilla.testkit.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * OpenSSH {@code sshd} on 127.0.0.1 and a random port with its own host key and authorized_keys,
 * serving the repositories under a root by absolute path to the current user. Runs as root or as an
 * ordinary user (then only that user can log in, which is all the tests need).
 */
public final class SshGitServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path root;
  private final Path authorizedKeys;
  private final String hostKey;
  private final Path log;

  private SshGitServer(
      Process process, int port, Path root, Path authorizedKeys, String hostKey, Path log) {
    this.process = process;
    this.port = port;
    this.root = root;
    this.authorizedKeys = authorizedKeys;
    this.hostKey = hostKey;
    this.log = log;
  }

  /** The sshd binary, or null if openssh-server is not installed. */
  public static Path sshd() {
    return Processes.findOr("FLOTILLA_SSHD", "/usr/sbin/sshd");
  }

  /** True when sshd and ssh-keygen are installed. */
  public static boolean available() {
    return sshd() != null && SshKeys.available();
  }

  /** Starts sshd with state in {@code workDir}, serving repositories under {@code root}. */
  public static SshGitServer start(Path workDir, Path root) {
    Path sshd = sshd();
    if (sshd == null) {
      throw new IllegalStateException("sshd is not installed (apt-get install openssh-server)");
    }
    try {
      Files.createDirectories(workDir);
      SshKeys.KeyPair host = SshKeys.generate(workDir, "host_ed25519", "ed25519", "", false);
      Path authorized = workDir.resolve("authorized_keys");
      Files.writeString(authorized, "");
      int port = Processes.freePort();
      Path config = workDir.resolve("sshd_config");
      Files.writeString(
          config,
          String.join(
              "\n",
              "Port " + port,
              "ListenAddress 127.0.0.1",
              "HostKey " + workDir.resolve("host_ed25519"),
              "PidFile " + workDir.resolve("sshd.pid"),
              "AuthorizedKeysFile " + authorized,
              "PasswordAuthentication no",
              "KbdInteractiveAuthentication no",
              "PubkeyAuthentication yes",
              "PermitRootLogin prohibit-password",
              "UsePAM no",
              "StrictModes no",
              "LogLevel VERBOSE",
              ""));
      if ("root".equals(System.getProperty("user.name"))) {
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
      }
      Path log = workDir.resolve("sshd.log");
      Process p =
          Processes.builder(sshd.toString(), "-D", "-e", "-f", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Processes.awaitPort(port, p, log);
      return new SshGitServer(p, port, root, authorized, host.publicKeyTypeAndData(), log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start sshd", e);
    }
  }

  /** Lets the holder of this public key (an OpenSSH public line) log in. */
  public SshGitServer authorize(String publicKeyLine) {
    try {
      Files.writeString(authorizedKeys, publicKeyLine.trim() + "\n", StandardOpenOption.APPEND);
      return this;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code ssh://<user>@127.0.0.1:<port>/<root>/<name>.git} */
  public String url(String name) {
    return "ssh://"
        + System.getProperty("user.name")
        + "@127.0.0.1:"
        + port
        + root.toAbsolutePath().resolve(name + ".git");
  }

  /** The known_hosts line for this server: {@code [127.0.0.1]:<port> ssh-ed25519 AAAA…}. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + port + " " + hostKey;
  }

  public String log() {
    return Processes.read(log);
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
