package io.flotilla.server.dashboard;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for the dashboard's loopback reads: trusts exactly the certificate this service serves (from
 * its own key store), whatever name or CA it carries, and nothing else.
 */
final class PinnedCertificate extends X509ExtendedTrustManager {
  private final X509Certificate pinned;

  private PinnedCertificate(X509Certificate pinned) {
    this.pinned = pinned;
  }

  static SSLContext context(KeyStore identity) {
    try {
      X509Certificate cert = null;
      for (String alias : Collections.list(identity.aliases())) {
        Certificate c = identity.getCertificate(alias);
        if (c instanceof X509Certificate x) {
          cert = x;
          break;
        }
      }
      if (cert == null) {
        throw new IllegalStateException("the service's key store holds no certificate");
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new PinnedCertificate(cert)}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for the dashboard's reads", e);
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0 || !chain[0].equals(pinned)) {
      throw new CertificateException("not this service's certificate");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
