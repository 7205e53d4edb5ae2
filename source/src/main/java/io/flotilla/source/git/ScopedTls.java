package io.flotilla.source.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * Per-operation http settings for JGit: a CA bundle, a client certificate, a proxy with its
 * credentials. Originally only the CA bundle, hence the name. JGit has one JVM-wide connection
 * factory; this one wraps the JDK factory and, while a {@link #trusting} scope is open on the
 * current thread (JGit opens its connections on the calling thread), makes https connections trust
 * the given CAs in addition to the JDK's. Outside a scope it behaves exactly like the default.
 */
final class ScopedTls implements HttpConnectionFactory2 {
  private static final ThreadLocal<Settings> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<Authenticator> AUTHENTICATORS = new ThreadLocal<>();
  private final JDKHttpConnectionFactory delegate = new JDKHttpConnectionFactory();

  static {
    // Basic proxy authentication on an https CONNECT is off by default in the JDK (it would send
    // the proxy password in clear to the proxy, which is exactly what a proxy secret asks for);
    // the JDK reads this once, so it takes effect if JGit makes the first HttpURLConnection.
    if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
      System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
    }
  }

  /**
   * What one operation's https connections use: extra trust, a client certificate, a proxy (with
   * its credentials). Null members mean the JDK's defaults.
   */
  record Settings(
      TrustManager[] trust, KeyManager[] keys, Proxy proxy, PasswordAuthentication proxyAuth) {
    static final Settings NONE = new Settings(null, null, null, null);

    Authenticator authenticator() {
      return proxy == null || proxyAuth == null ? null : new ProxyAuthenticator(proxy, proxyAuth);
    }

    boolean isEmpty() {
      return trust == null && keys == null && proxy == null;
    }
  }

  /** A scope; closing it restores the default trust on this thread. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Trusts {@code pemBundle} (one or more PEM certificates) on this thread until closed. */
  static Scope trusting(byte[] pemBundle) throws GeneralSecurityException, IOException {
    return open(new Settings(new TrustManager[] {trustManager(pemBundle)}, null, null, null));
  }

  /** Applies {@code settings} to JGit's http(s) connections on this thread until closed. */
  static Scope open(Settings settings) {
    install();
    Settings previous = CURRENT.get();
    Authenticator previousAuth = AUTHENTICATORS.get();
    CURRENT.set(settings);
    AUTHENTICATORS.set(settings.authenticator());
    return () -> {
      if (previous == null) {
        CURRENT.remove();
        AUTHENTICATORS.remove();
      } else {
        CURRENT.set(previous);
        AUTHENTICATORS.set(previousAuth);
      }
    };
  }

  static synchronized void install() {
    HttpConnectionFactory f = HttpTransport.getConnectionFactory();
    if (!(f instanceof ScopedTls)) {
      HttpTransport.setConnectionFactory(new ScopedTls());
    }
  }

  /**
   * The proxy credentials of one scope. Each scope gets its own instance, and the JDK keys its
   * authentication cache by instance, so one object's proxy password is never replayed for
   * another's (or after the secret changed).
   */
  private static final class ProxyAuthenticator extends Authenticator {
    private final Proxy proxy;
    private final PasswordAuthentication auth;

    ProxyAuthenticator(Proxy proxy, PasswordAuthentication auth) {
      this.proxy = proxy;
      this.auth = auth;
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
      if (getRequestorType() == RequestorType.PROXY
          && proxy.address() instanceof InetSocketAddress a
          && a.getPort() == getRequestingPort()) {
        return auth;
      }
      return null;
    }
  }

  // JGit keeps the JDK connection in a package-private field; reading it is the only way to give
  // one connection its own authenticator (the JGit jar is signed, so no helper in its package)
  private static final java.lang.reflect.Field WRAPPED = wrappedField();

  private static java.lang.reflect.Field wrappedField() {
    try {
      java.lang.reflect.Field f =
          org.eclipse.jgit.transport.http.JDKHttpConnection.class.getDeclaredField(
              "wrappedUrlConnection");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    Settings s = CURRENT.get();
    if (s != null && s.proxy() != null) {
      return scoped(url, delegate.create(url, s.proxy()));
    }
    return scoped(url, delegate.create(url));
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    Settings s = CURRENT.get();
    return scoped(url, delegate.create(url, s != null && s.proxy() != null ? s.proxy() : proxy));
  }

  @Override
  public GitSession newSession() {
    return delegate.newSession();
  }

  private static HttpConnection scoped(URL url, HttpConnection c) throws IOException {
    Settings s = CURRENT.get();
    Authenticator auth = s == null ? null : AUTHENTICATORS.get();
    if (auth != null && WRAPPED != null) {
      try {
        if (WRAPPED.get(c) instanceof java.net.HttpURLConnection http) {
          http.setAuthenticator(auth);
        }
      } catch (IllegalAccessException | IllegalArgumentException e) {
        throw new IOException("cannot configure proxy authentication: " + e.getMessage(), e);
      }
    }
    if (s != null
        && (s.trust() != null || s.keys() != null)
        && url.getProtocol().toLowerCase(Locale.ROOT).equals("https")) {
      try {
        c.configure(s.keys(), s.trust(), null);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot configure TLS: " + e.getMessage(), e);
      }
    }
    return c;
  }

  /** The certificates in the PEM of the Secret's {@code key}, which must hold at least one. */
  private static Collection<? extends Certificate> certificates(byte[] pem, String key, String what)
      throws CertificateException {
    Collection<? extends Certificate> certs;
    try {
      certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
    } catch (CertificateException e) {
      throw new CertificateException("'" + key + "' is not " + what, e);
    }
    if (certs.isEmpty()) {
      throw new CertificateException("'" + key + "' holds no certificate");
    }
    return certs;
  }

  /** Key managers presenting the PEM client certificate chain {@code certPem} with its key. */
  static KeyManager[] keyManagers(byte[] certPem, byte[] keyPem)
      throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> chain = certificates(certPem, "tls.crt", "a PEM certificate");
    PrivateKey key;
    try (PEMParser p =
        new PEMParser(new StringReader(new String(keyPem, StandardCharsets.UTF_8)))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        key = conv.getKeyPair(kp).getPrivate();
      } else if (o instanceof PrivateKeyInfo info) {
        key = conv.getPrivateKey(info);
      } else {
        throw new GeneralSecurityException("'tls.key' holds no unencrypted PEM private key");
      }
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    return kmf.getKeyManagers();
  }

  /** Trusts the bundle's CAs, then falls back to the JDK's default trust store. */
  static X509TrustManager trustManager(byte[] pemBundle)
      throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> certs =
        certificates(pemBundle, "ca.crt", "a PEM certificate bundle");
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    X509TrustManager custom = x509(ks);
    X509TrustManager system = x509(null);
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        system.checkClientTrusted(chain, authType);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        try {
          custom.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
          system.checkServerTrusted(chain, authType);
        }
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] a = custom.getAcceptedIssuers();
        X509Certificate[] b = system.getAcceptedIssuers();
        X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
      }
    };
  }

  private static X509TrustManager x509(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }
}
