package io.flotilla.source.git;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.SourceException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An http(s) proxy from a {@code proxySecretRef}, read as Flux reads it: {@code address} (required,
 * {@code http://host:port}), optional {@code username} and {@code password}. Used for http and
 * https remotes; {@link #toString()} never shows the password.
 */
public record GitProxy(String host, int port, String username, String password) {

  /**
   * @throws SourceException {@code AuthenticationFailed}, retryable (the secret may be fixed),
   *     naming the key to set
   */
  public static GitProxy fromSecret(String secretName, Map<String, byte[]> data)
      throws SourceException {
    String address = text(data.get("address"));
    if (address == null) {
      throw invalid("secret '%s': key 'address' not found".formatted(secretName));
    }
    URI uri;
    try {
      uri = URI.create(address.contains("://") ? address : "http://" + address);
    } catch (IllegalArgumentException e) {
      throw invalid("secret '%s': invalid 'address': %s".formatted(secretName, e.getMessage()));
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw invalid(
          "secret '%s': 'address' must be http://host:port, got '%s'"
              .formatted(secretName, io.flotilla.source.Redaction.url(address)));
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new GitProxy(
        uri.getHost(), port, text(data.get("username")), text(data.get("password")));
  }

  Proxy proxy() {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  boolean hasCredentials() {
    return username != null && !username.isEmpty();
  }

  private static SourceException invalid(String why) {
    return SourceException.retryable(
        Reasons.AUTHENTICATION_FAILED, "failed to configure proxy options: " + why, null);
  }

  private static String text(byte[] b) {
    if (b == null) {
      return null;
    }
    String s = new String(b, StandardCharsets.UTF_8).strip();
    return s.isEmpty() ? null : s;
  }

  @Override
  public String toString() {
    return "GitProxy[" + host + ":" + port + ", username=" + username + ", password=***]";
  }
}
