package io.flotilla.source.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * A per-operation CA bundle for JGit's https connections. JGit has one JVM-wide connection factory;
 * this one wraps the JDK factory and, while a {@link #trusting} scope is open on the current thread
 * (JGit opens its connections on the calling thread), makes https connections trust the given CAs
 * in addition to the JDK's. Outside a scope it behaves exactly like the default.
 */
final class ScopedTls implements HttpConnectionFactory2 {
  private static final ThreadLocal<TrustManager[]> CURRENT = new ThreadLocal<>();
  private final JDKHttpConnectionFactory delegate = new JDKHttpConnectionFactory();

  /** A scope; closing it restores the default trust on this thread. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Trusts {@code pemBundle} (one or more PEM certificates) on this thread until closed. */
  static Scope trusting(byte[] pemBundle) throws GeneralSecurityException, IOException {
    install();
    TrustManager[] previous = CURRENT.get();
    CURRENT.set(new TrustManager[] {trustManager(pemBundle)});
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  private static synchronized void install() {
    HttpConnectionFactory f = HttpTransport.getConnectionFactory();
    if (!(f instanceof ScopedTls)) {
      HttpTransport.setConnectionFactory(new ScopedTls());
    }
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return scoped(url, delegate.create(url));
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    return scoped(url, delegate.create(url, proxy));
  }

  @Override
  public GitSession newSession() {
    return delegate.newSession();
  }

  private static HttpConnection scoped(URL url, HttpConnection c) throws IOException {
    TrustManager[] tm = CURRENT.get();
    if (tm != null && url.getProtocol().toLowerCase(Locale.ROOT).equals("https")) {
      try {
        c.configure(null, tm, null);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot configure TLS: " + e.getMessage(), e);
      }
    }
    return c;
  }

  /** Trusts the bundle's CAs, then falls back to the JDK's default trust store. */
  static X509TrustManager trustManager(byte[] pemBundle)
      throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> certs;
    try {
      certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pemBundle));
    } catch (CertificateException e) {
      throw new CertificateException("'ca.crt' is not a PEM certificate bundle", e);
    }
    if (certs.isEmpty()) {
      throw new CertificateException("'ca.crt' holds no certificate");
    }
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
