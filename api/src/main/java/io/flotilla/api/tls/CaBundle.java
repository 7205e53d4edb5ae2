package io.flotilla.api.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust for a service whose certificate comes from a private CA: the CLI ({@code FLOTILLA_CA_FILE})
 * and the agent ({@code --ca-file}) read a PEM bundle and trust exactly those CAs. The environment
 * variable is the one contract both sides share.
 */
public final class CaBundle {
  /** Names a PEM file of CA certificates the clients of the service trust. */
  public static final String ENV = "FLOTILLA_CA_FILE";

  private CaBundle() {}

  /**
   * An SSL context trusting the certificates in {@code pem}.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
   */
  public static SSLContext sslContext(Path pem) {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the CA bundle '" + pem + "' (" + ENV + "): " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(
          "the CA bundle '" + pem + "' (" + ENV + ") holds no PEM certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build trust from '" + pem + "'", e);
    }
  }
}
