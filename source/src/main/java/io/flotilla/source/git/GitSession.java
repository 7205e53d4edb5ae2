package io.flotilla.source.git;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The transport settings of one fetch: timeout, HTTP basic or bearer auth, a CA bundle for https,
 * and for ssh a session factory that offers only the secret's identity and trusts only its
 * known_hosts (nothing is read from the user's {@code ~/.ssh}, and no key is written to disk).
 */
final class GitSession implements AutoCloseable {
  private final GitCredentials credentials;
  private final Duration timeout;
  private final KnownHosts knownHosts;
  private final SshdSessionFactory ssh;
  private final Path sshHome;
  private GitProxy proxy;

  static {
    // the JVM-wide connection factory (and proxy authenticator) go in before JGit's first http
    // connection, so the JDK's http classes see the settings ScopedTls makes
    ScopedTls.install();
  }

  private GitSession(
      GitCredentials credentials,
      Duration timeout,
      KnownHosts knownHosts,
      SshdSessionFactory ssh,
      Path sshHome) {
    this.credentials = credentials;
    this.timeout = timeout;
    this.knownHosts = knownHosts;
    this.ssh = ssh;
    this.sshHome = sshHome;
  }

  static GitSession open(String url, GitCredentials c, Duration timeout, GitProxy proxy)
      throws SourceException {
    GitSession s = open(url, c, timeout);
    s.proxy = proxy;
    return s;
  }

  static GitSession open(String url, GitCredentials c, Duration timeout) throws SourceException {
    if (!url.regionMatches(true, 0, "ssh://", 0, 6)) {
      return new GitSession(c, timeout, null, null, null);
    }
    if (!c.hasIdentity() || c.knownHosts() == null || c.knownHosts().length == 0) {
      throw SourceException.terminal(
          Reasons.AUTHENTICATION_FAILED,
          "failed to configure authentication options: invalid 'ssh' auth option: "
              + (c.hasIdentity() ? "'known_hosts' is required" : "'identity' is required"));
    }
    List<KeyPair> keys = loadIdentity(c);
    KnownHosts hosts;
    try {
      hosts = KnownHosts.parse(c.knownHosts());
    } catch (IOException e) {
      throw SourceException.terminal(
          Reasons.AUTHENTICATION_FAILED,
          "failed to configure authentication options: invalid 'known_hosts': " + e.getMessage());
    }
    Path home;
    try {
      home = Files.createTempDirectory("flotilla-ssh-");
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.GIT_OPERATION_FAILED, "cannot create ssh work directory: " + e.getMessage(), e);
    }
    SshdSessionFactory factory =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(home.toFile())
            .setSshDirectory(home.toFile())
            .setConfigStoreFactory((h, f, u) -> null)
            .setDefaultKeysProvider(dir -> keys)
            .setDefaultIdentities(dir -> List.of())
            .setDefaultKnownHostsFiles(dir -> List.of())
            .setServerKeyDatabase((h, s) -> hosts)
            .setPreferredAuthentications("publickey")
            .build(null);
    return new GitSession(c, timeout, hosts, factory, home);
  }

  /** Applies timeout and credentials to a JGit command. */
  <T extends TransportCommand<?, ?>> T configure(T command) {
    command.setTimeout((int) Math.max(1, Math.ceil(timeout.toMillis() / 1000.0)));
    if (ssh != null) {
      command.setTransportConfigCallback(
          t -> {
            if (t instanceof SshTransport s) {
              s.setSshSessionFactory(ssh);
            }
          });
      return command;
    }
    if (credentials.hasBearer()) {
      command.setTransportConfigCallback(
          t -> {
            if (t instanceof TransportHttp http) {
              http.setAdditionalHeaders(
                  Map.of("Authorization", "Bearer " + credentials.bearerToken()));
            }
          });
    } else if (credentials.hasBasic()) {
      command.setCredentialsProvider(
          new UsernamePasswordCredentialsProvider(
              credentials.username() == null ? "" : credentials.username(),
              credentials.password() == null ? "" : credentials.password()));
    }
    return command;
  }

  /**
   * Runs a JGit call with this session's http settings on this thread: the secret's CA bundle and
   * client certificate for https, and the proxy.
   */
  <R> R call(GitCall<R> call) throws Exception {
    ScopedTls.Settings settings = settings();
    if (settings.isEmpty()) {
      return call.call();
    }
    try (ScopedTls.Scope scope = ScopedTls.open(settings)) {
      return call.call();
    }
  }

  private ScopedTls.Settings settings() throws SourceException {
    javax.net.ssl.TrustManager[] trust = null;
    javax.net.ssl.KeyManager[] keys = null;
    if (credentials.hasCaCert()) {
      try {
        trust = new javax.net.ssl.TrustManager[] {ScopedTls.trustManager(credentials.caCert())};
      } catch (GeneralSecurityException | IOException e) {
        throw SourceException.terminal(
            Reasons.AUTHENTICATION_FAILED,
            "failed to configure authentication options: invalid 'ca.crt': " + e.getMessage());
      }
    }
    if (credentials.hasClientCert()) {
      try {
        keys = ScopedTls.keyManagers(credentials.tlsCert(), credentials.tlsKey());
      } catch (GeneralSecurityException | IOException e) {
        throw SourceException.terminal(
            Reasons.AUTHENTICATION_FAILED,
            "failed to configure authentication options: invalid client certificate: "
                + e.getMessage());
      }
    }
    java.net.Proxy p = proxy == null ? null : proxy.proxy();
    java.net.PasswordAuthentication auth =
        proxy != null && proxy.hasCredentials()
            ? new java.net.PasswordAuthentication(
                proxy.username(), (proxy.password() == null ? "" : proxy.password()).toCharArray())
            : null;
    return new ScopedTls.Settings(trust, keys, p, auth);
  }

  @FunctionalInterface
  interface GitCall<R> {
    R call() throws Exception;
  }

  /** Why the server's host key was refused, if it was. */
  String hostKeyRejection() {
    return knownHosts == null ? null : knownHosts.rejection();
  }

  boolean isSsh() {
    return ssh != null;
  }

  @Override
  public void close() {
    if (ssh != null) {
      ssh.close();
    }
    if (sshHome != null) {
      try (Stream<Path> walk = Files.walk(sshHome)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // an empty temp directory left behind is harmless
      }
    }
  }

  private static List<KeyPair> loadIdentity(GitCredentials c) throws SourceException {
    String passphrase = c.password();
    try {
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName("identity"),
              new ByteArrayInputStream(c.identity()),
              passphrase == null || passphrase.isEmpty()
                  ? FilePasswordProvider.EMPTY
                  : FilePasswordProvider.of(passphrase));
      List<KeyPair> keys = new ArrayList<>();
      if (loaded != null) {
        loaded.forEach(keys::add);
      }
      if (keys.isEmpty()) {
        throw new IOException("no private key found in 'identity'");
      }
      return keys;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      String why = String.valueOf(e.getMessage());
      String lower = why.toLowerCase(java.util.Locale.ROOT);
      String msg;
      if (passphrase == null || passphrase.isEmpty()) {
        msg =
            lower.contains("password") || lower.contains("passphrase") || lower.contains("encrypt")
                ? "ssh: this private key is passphrase protected (set 'password' in the secret)"
                : "ssh: cannot parse 'identity': " + why;
      } else {
        msg = "ssh: cannot decrypt 'identity' with the given 'password' or parse it: " + why;
      }
      throw SourceException.retryable(
          Reasons.GIT_OPERATION_FAILED,
          io.flotilla.source.Redaction.message(
              "unable to construct auth method with options: " + msg, c.secrets()),
          null);
    }
  }
}
