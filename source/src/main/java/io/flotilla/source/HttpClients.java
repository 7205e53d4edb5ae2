package io.flotilla.source;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * JDK HTTP clients shared by the source fetchers. Each {@link HttpClient} owns a selector thread
 * and a connection pool, so one per fetch (a HelmChart build, an OCI pull) cost a thread start and
 * a new connection for every reconcile; clients with the JVM's default TLS settings are shared by
 * their connect timeout and redirect policy. A client with its own {@link SSLContext} (a {@code
 * certSecretRef}) is built for its caller, since that context is built per reconcile.
 */
public final class HttpClients {
  private record Key(Duration connectTimeout, HttpClient.Redirect redirect) {}

  private static final Map<Key, HttpClient> SHARED = new ConcurrentHashMap<>();

  private HttpClients() {}

  /**
   * @param ssl the caller's TLS settings, or null for the JVM's defaults (then the client is
   *     shared)
   */
  public static HttpClient of(
      Duration connectTimeout, HttpClient.Redirect redirect, SSLContext ssl) {
    if (ssl == null) {
      return SHARED.computeIfAbsent(
          new Key(connectTimeout, redirect), k -> build(k.connectTimeout(), k.redirect(), null));
    }
    return build(connectTimeout, redirect, ssl);
  }

  private static HttpClient build(
      Duration connectTimeout, HttpClient.Redirect redirect, SSLContext ssl) {
    HttpClient.Builder b =
        HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(redirect);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    return b.build();
  }
}
