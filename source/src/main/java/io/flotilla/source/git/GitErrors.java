package io.flotilla.source.git;

import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.net.NetworkErrors;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.eclipse.jgit.transport.URIish;

/**
 * Turns a JGit failure into the words a Flux user knows (go-git's and Go's messages where they
 * exist: {@code authentication required}, {@code ssh: handshake failed: …}, {@code context deadline
 * exceeded}, {@code x509: …}), keeping JGit's own text for anything else. Never adds secrets;
 * callers redact URLs and secrets on top.
 */
final class GitErrors {
  private GitErrors() {}

  /** How a GitRepository trusts a private CA, said with a certificate failure. */
  static final String TRUST_HINT = "set 'ca.crt' in the secret to trust the server's CA";

  /**
   * go-git's words (from its compatibility notes) for a server that JGit would talk to in the dumb
   * HTTP protocol.
   */
  static final String DUMB_HTTP =
      "the server speaks only the dumb HTTP protocol, which is not supported: serve the"
          + " repository over smart HTTP (git http-backend), git:// or SSH";

  static String describe(Throwable e, GitSession session, Duration timeout, String url) {
    String rejection = session == null ? null : session.hostKeyRejection();
    if (rejection != null) {
      return "ssh: handshake failed: " + rejection;
    }
    if (dumbHttp(e)) {
      return DUMB_HTTP;
    }
    String all = chain(e);
    String lower = all.toLowerCase(Locale.ROOT);
    if (has(e, SocketTimeoutException.class)
        || lower.contains("timed out")
        || lower.contains("timeout")) {
      return "context deadline exceeded (timeout %s): %s"
          .formatted(GoDuration.format(timeout), innermost(e));
    }
    String network = NetworkErrors.describe(e, endpoint(url), TRUST_HINT);
    if (network != null) {
      return network;
    }
    if (has(e, SSLException.class) || lower.contains("ssl problems")) {
      return "tls: handshake failed: " + innermost(e);
    }
    if (session != null && session.isSsh()) {
      if (lower.contains("authentication")
          || lower.contains("cannot log in")
          || lower.contains("no more authentication methods")
          || lower.contains("auth fail")) {
        return "ssh: handshake failed: ssh: unable to authenticate, attempted methods [none"
            + " publickey], no supported methods remain";
      }
    } else {
      if (lower.contains("not authorized")
          || lower.contains("authentication is required")
          || lower.contains("authentication not supported")) {
        return "authentication required";
      }
      if (lower.contains("403") || lower.contains("forbidden")) {
        return "authorization failed";
      }
    }
    if (has(e, ConnectException.class)) {
      return innermost(e);
    }
    return all;
  }

  /**
   * JGit falls back to the dumb protocol when a server's {@code info/refs} is not a smart
   * advertisement, and a remote listing then fails inside its walk connection, which needs a local
   * repository the listing does not have.
   */
  static boolean dumbHttp(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().equals("org.eclipse.jgit.transport.WalkFetchConnection")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Host and port of a Git URL, scp-like ({@code git@host:path}) included. */
  private static NetworkErrors.Endpoint endpoint(String url) {
    try {
      URIish u = new URIish(url);
      String scheme = u.getScheme() == null ? "ssh" : u.getScheme();
      return NetworkErrors.Endpoint.of(
          new java.net.URI(scheme, null, u.getHost(), u.getPort(), null, null, null));
    } catch (java.net.URISyntaxException e) {
      return new NetworkErrors.Endpoint("", 0);
    }
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String innermost(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  /** The chain's distinct messages, outermost first (JGit's wrappers repeat the URL). */
  private static String chain(Throwable e) {
    Throwable t = e;
    String msg = t.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null
          && !t.getMessage().isBlank()
          && (msg == null || !msg.contains(t.getMessage()))) {
        msg = msg == null ? t.getMessage() : msg + ": " + t.getMessage();
      }
      if (msg != null && msg.length() > 600) {
        break;
      }
    }
    return msg == null ? e.getClass().getSimpleName() : msg;
  }
}
