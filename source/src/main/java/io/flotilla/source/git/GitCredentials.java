package io.flotilla.source.git;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.SourceException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Credentials from a GitRepository's {@code secretRef}, read as Flux reads them (fluxcd/pkg {@code
 * git.NewAuthOptions}): HTTP basic ({@code username}/{@code password}) or a {@code bearerToken},
 * plus {@code ca.crt} (or the legacy {@code caFile}) for https; for ssh an {@code identity} (RSA,
 * ECDSA or Ed25519, OpenSSH or PEM, with its passphrase in {@code password}) and {@code
 * known_hosts}; {@code tls.crt} and {@code tls.key} for mutual TLS over https. {@link #toString()}
 * never shows a secret.
 */
public record GitCredentials(
    String username,
    String password,
    String bearerToken,
    byte[] identity,
    byte[] knownHosts,
    byte[] caCert,
    byte[] tlsCert,
    byte[] tlsKey) {
  public static final GitCredentials NONE = new GitCredentials(null, null, null, null, null, null);

  /** Credentials without a client certificate. */
  public GitCredentials(
      String username,
      String password,
      String bearerToken,
      byte[] identity,
      byte[] knownHosts,
      byte[] caCert) {
    this(username, password, bearerToken, identity, knownHosts, caCert, null, null);
  }

  public static GitCredentials basic(String username, String password) {
    return new GitCredentials(username, password, null, null, null, null);
  }

  public static GitCredentials bearer(String token) {
    return new GitCredentials(null, null, token, null, null, null);
  }

  /** An SSH key (with an optional passphrase) and the known_hosts lines to trust. */
  public static GitCredentials ssh(byte[] identity, String passphrase, byte[] knownHosts) {
    return new GitCredentials(null, passphrase, null, identity, knownHosts, null);
  }

  /** The same credentials, also trusting the PEM CA bundle {@code caCert} for https. */
  public GitCredentials withCaCert(byte[] pem) {
    return new GitCredentials(
        username, password, bearerToken, identity, knownHosts, pem, tlsCert, tlsKey);
  }

  /** The same credentials, presenting the PEM client certificate and key for mutual TLS. */
  public GitCredentials withClientCert(byte[] certPem, byte[] keyPem) {
    return new GitCredentials(
        username, password, bearerToken, identity, knownHosts, caCert, certPem, keyPem);
  }

  /**
   * Reads a secret's data for {@code url} and checks it as Flux does: for ssh, {@code identity} and
   * {@code known_hosts} are required; for http(s), a {@code password} needs a {@code username}.
   * {@code data} may be null (no secretRef).
   *
   * @throws SourceException terminal, reason {@code AuthenticationFailed}, naming the missing key
   */
  public static GitCredentials fromSecret(String url, Map<String, byte[]> data)
      throws SourceException {
    URI uri = GitUrls.validate(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    Map<String, byte[]> d = data == null ? Map.of() : data;
    byte[] ca = nonEmpty(d.get("ca.crt")) ? d.get("ca.crt") : d.get("caFile");
    GitCredentials c;
    if (scheme.equals("ssh")) {
      c = ssh(d.get("identity"), text(d.get("password")), d.get("known_hosts"));
      if (!nonEmpty(c.identity())) {
        throw invalid(scheme, "'identity' is required");
      }
      if (!nonEmpty(c.knownHosts())) {
        throw invalid(scheme, "'known_hosts' is required");
      }
      return c;
    }
    if (d.containsKey("bearerToken")) {
      c = bearer(text(d.get("bearerToken")));
    } else {
      c = basic(text(d.get("username")), text(d.get("password")));
      if (scheme.startsWith("http") && isEmpty(c.username()) && !isEmpty(c.password())) {
        throw invalid(scheme, "'password' requires 'username' to be set");
      }
    }
    if (nonEmpty(ca)) {
      c = c.withCaCert(ca);
    }
    byte[] crt = d.get("tls.crt");
    byte[] key = d.get("tls.key");
    if (nonEmpty(crt) != nonEmpty(key)) {
      throw invalid(
          scheme, "'tls.crt' and 'tls.key' must be set together for a client certificate");
    }
    if (nonEmpty(crt) && scheme.equals("https")) {
      c = c.withClientCert(crt, key);
    }
    return c;
  }

  boolean hasClientCert() {
    return nonEmpty(tlsCert) && nonEmpty(tlsKey);
  }

  boolean hasBasic() {
    return !isEmpty(username) || !isEmpty(password);
  }

  boolean hasBearer() {
    return !isEmpty(bearerToken);
  }

  boolean hasIdentity() {
    return nonEmpty(identity);
  }

  boolean hasCaCert() {
    return nonEmpty(caCert);
  }

  /** The values that must never appear in a message. */
  String[] secrets() {
    return new String[] {password, bearerToken};
  }

  private static SourceException invalid(String scheme, String what) {
    return SourceException.terminal(
        Reasons.AUTHENTICATION_FAILED,
        "failed to configure authentication options: invalid '%s' auth option: %s"
            .formatted(scheme, what));
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static boolean nonEmpty(byte[] b) {
    return b != null && b.length > 0;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  @Override
  public String toString() {
    return "GitCredentials[username="
        + username
        + ", password="
        + (password == null ? "null" : "***")
        + ", bearerToken="
        + (bearerToken == null ? "null" : "***")
        + ", identity="
        + (identity == null ? "null" : "***")
        + ", knownHosts="
        + (knownHosts == null ? "null" : knownHosts.length + " bytes")
        + ", caCert="
        + (caCert == null ? "null" : caCert.length + " bytes")
        + ", tlsCert="
        + (tlsCert == null ? "null" : tlsCert.length + " bytes")
        + ", tlsKey="
        + (tlsKey == null ? "null" : "***")
        + "]";
  }
}
