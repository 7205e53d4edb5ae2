package io.flotilla.api.net;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * A failure to reach a server, said in Go's words as Flux's controllers print them ({@code dial
 * tcp: lookup host: no such host}, {@code dial tcp host:443: connect: connection refused}, {@code
 * tls: failed to verify certificate: x509: …}) instead of a Java exception's text, which for an
 * unknown host is the bare host name. Shared by the Git, Bucket, OCI and Helm repository clients.
 */
public final class NetworkErrors {
  /** How HelmRepository, OCIRepository and Bucket trust a private CA. */
  public static final String CERT_SECRET_HINT =
      "set 'ca.crt' in the secret spec.certSecretRef names to trust the server's CA";

  private NetworkErrors() {}

  /** Where a request went, for the words: host and port (the scheme's default when absent). */
  public record Endpoint(String host, int port) {
    public static Endpoint of(URI uri) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      if (port < 0) {
        port =
            switch (scheme) {
              case "http" -> 80;
              case "ssh" -> 22;
              case "git" -> 9418;
              default -> 443;
            };
      }
      return new Endpoint(uri.getHost() == null ? "" : uri.getHost(), port);
    }

    /** {@code host:port}, with brackets around an IPv6 address as Go writes it. */
    String address() {
      return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * Go's words for {@code e} when it is a DNS, connection or certificate failure reaching {@code
   * endpoint}; null when it is none of these.
   *
   * @param trustHint how this kind of source trusts a private CA, added to a certificate failure,
   *     e.g. {@code set 'ca.crt' in the secret to trust the server's CA}
   */
  public static String describe(Throwable e, Endpoint endpoint, String trustHint) {
    if (has(e, UnknownHostException.class) || has(e, UnresolvedAddressException.class)) {
      return "dial tcp: lookup " + endpoint.host() + ": no such host";
    }
    if (has(e, NoRouteToHostException.class)) {
      return "dial tcp " + endpoint.address() + ": connect: no route to host";
    }
    if (has(e, ConnectException.class)) {
      // the JDK's HTTP client says neither: a failed connect that is not DNS is a refusal
      return "dial tcp "
          + endpoint.address()
          + (mentions(e, "unreachable")
              ? ": connect: network is unreachable"
              : ": connect: connection refused");
    }
    if (has(e, SSLException.class) || mentions(e, "PKIX path")) {
      String x509 = x509(e, endpoint);
      if (x509 != null) {
        String hint = trustHint == null || trustHint.isEmpty() ? "" : " (" + trustHint + ")";
        return "tls: failed to verify certificate: " + x509 + hint;
      }
    }
    return null;
  }

  private static String x509(Throwable e, Endpoint endpoint) {
    if (has(e, CertificateExpiredException.class)
        || has(e, CertificateNotYetValidException.class)) {
      return "x509: certificate has expired or is not yet valid";
    }
    if (mentions(e, "No subject alternative") || mentions(e, "No name matching")) {
      return "x509: certificate is not valid for " + endpoint.host();
    }
    if (has(e, CertPathBuilderException.class)
        || has(e, CertPathValidatorException.class)
        || mentions(e, "PKIX path")
        || mentions(e, "unable to find valid certification path")) {
      return "x509: certificate signed by unknown authority";
    }
    return null;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Throwable e, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(lower)) {
        return true;
      }
    }
    return false;
  }
}
