package io.flotilla.source.oci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * An {@link SSLContext} from a Flux TLS Secret: {@code ca.crt} (trusted in addition to nothing
 * else, as Flux does), {@code tls.crt} + {@code tls.key} (client certificate).
 */
public final class TlsContexts {
  private TlsContexts() {}

  /** Null when the data has none of the keys. */
  public static SSLContext fromSecret(Map<String, byte[]> data) {
    byte[] ca = data.get("ca.crt");
    byte[] cert = data.get("tls.crt");
    byte[] key = data.get("tls.key");
    if (ca == null && cert == null && key == null) {
      return null;
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "TLS secret must contain both 'tls.crt' and 'tls.key' for a client certificate, or neither");
    }
    try {
      TrustManagerFactory tmf = null;
      if (ca != null) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates(ca, "ca.crt")) {
          trust.setCertificateEntry("ca" + i++, c);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (cert != null) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        List<Certificate> chain = certificates(cert, "tls.crt");
        ks.setKeyEntry("client", privateKey(key), new char[0], chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("invalid TLS secret: " + e.getMessage(), e);
    }
  }

  private static List<Certificate> certificates(byte[] pem, String key)
      throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<Certificate> out = new ArrayList<>(cf.generateCertificates(new ByteArrayInputStream(pem)));
    if (out.isEmpty()) {
      throw new IllegalArgumentException("'" + key + "' holds no PEM certificate");
    }
    return out;
  }

  static PrivateKey privateKey(byte[] pem) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(new String(pem, StandardCharsets.UTF_8)))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      throw new IllegalArgumentException("'tls.key' holds no unencrypted PEM private key");
    }
  }
}
