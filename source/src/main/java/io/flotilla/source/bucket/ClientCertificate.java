package io.flotilla.source.bucket;

import io.flotilla.source.Redaction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A service principal's certificate credential, read from PEM (certificate and key) or PKCS#12: the
 * RSA key signs the client assertion; the chain starts with the leaf whose public key matches it.
 */
record ClientCertificate(PrivateKey key, List<X509Certificate> chain, boolean sendChain) {
  @Override
  public String toString() {
    return "Certificate[" + chain.get(0).getSubjectX500Principal() + "]";
  }

  static ClientCertificate parse(byte[] data, String password, boolean sendChain) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      if (text.contains("-----BEGIN")) {
        return fromPem(text, password, sendChain);
      }
      return fromPkcs12(data, password, sendChain);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException(
          "cannot read 'clientCertificate' (PEM certificate and key, or PKCS#12"
              + (password == null ? "; set 'clientCertificatePassword' if it is encrypted" : "")
              + "): "
              + Redaction.message(why, password));
    }
  }

  private static ClientCertificate fromPem(String pem, String password, boolean sendChain)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> certs = new ArrayList<>();
    PrivateKey key = null;
    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
    char[] pw = password == null ? new char[0] : password.toCharArray();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = parser.readObject()) != null) {
        switch (o) {
          case X509CertificateHolder h ->
              certs.add(new JcaX509CertificateConverter().getCertificate(h));
          case PEMKeyPair kp -> key = keys.getKeyPair(kp).getPrivate();
          case PrivateKeyInfo pki -> key = keys.getPrivateKey(pki);
          case PEMEncryptedKeyPair ekp ->
              key =
                  keys.getKeyPair(
                          ekp.decryptKeyPair(new JcePEMDecryptorProviderBuilder().build(pw)))
                      .getPrivate();
          case PKCS8EncryptedPrivateKeyInfo epki -> {
            try {
              key =
                  keys.getPrivateKey(
                      epki.decryptPrivateKeyInfo(
                          new JceOpenSSLPKCS8DecryptorProviderBuilder().build(pw)));
            } catch (org.bouncycastle.operator.OperatorCreationException
                | org.bouncycastle.pkcs.PKCSException e) {
              throw new GeneralSecurityException("cannot decrypt the private key", e);
            }
          }
          default -> {}
        }
      }
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no CERTIFICATE block found");
    }
    if (key == null) {
      throw new GeneralSecurityException("no PRIVATE KEY block found");
    }
    return certificate(key, certs, sendChain);
  }

  private static ClientCertificate fromPkcs12(byte[] data, String password, boolean sendChain)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    char[] pw = password == null ? new char[0] : password.toCharArray();
    ks.load(new ByteArrayInputStream(data), pw);
    for (String alias : Collections.list(ks.aliases())) {
      if (ks.isKeyEntry(alias)) {
        PrivateKey key = (PrivateKey) ks.getKey(alias, pw);
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (java.security.cert.Certificate c : ks.getCertificateChain(alias)) {
          chain.add(
              (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
        }
        return certificate(key, chain, sendChain);
      }
    }
    throw new GeneralSecurityException("no private key entry in the PKCS#12 data");
  }

  private static ClientCertificate certificate(
      PrivateKey key, List<X509Certificate> certs, boolean sendChain)
      throws GeneralSecurityException {
    if (!"RSA".equalsIgnoreCase(key.getAlgorithm())) {
      throw new GeneralSecurityException(
          "the private key is " + key.getAlgorithm() + "; Entra ID client assertions need RSA");
    }
    // the leaf is the certificate whose public key matches the private key
    List<X509Certificate> chain = new ArrayList<>(certs);
    for (X509Certificate c : certs) {
      if (c.getPublicKey() instanceof java.security.interfaces.RSAPublicKey pub
          && key instanceof java.security.interfaces.RSAKey rk
          && pub.getModulus().equals(rk.getModulus())) {
        chain.remove(c);
        chain.add(0, c);
        return new ClientCertificate(key, List.copyOf(chain), sendChain);
      }
    }
    throw new GeneralSecurityException("no certificate matches the private key");
  }
}
