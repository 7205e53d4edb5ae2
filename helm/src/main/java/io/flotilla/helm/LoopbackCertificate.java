package io.flotilla.helm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for 127.0.0.1, made at start and never written with its key: the lookup
 * gateway serves TLS because Kubernetes' client configuration sends a bearer token only over TLS.
 */
record LoopbackCertificate(SSLContext sslContext, String pem) {
  static LoopbackCertificate create() throws GeneralSecurityException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair key = g.generateKeyPair();
      X500Name name = new X500Name("CN=flotilla-helm-lookup");
      Instant now = Instant.now();
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          new BigInteger(64, new SecureRandom()),
                          Date.from(now.minusSeconds(60)),
                          Date.from(now.plus(Duration.ofDays(3650))),
                          name,
                          key.getPublic())
                      .addExtension(
                          Extension.subjectAlternativeName,
                          false,
                          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                      .build(
                          new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("gateway", key.getPrivate(), none, new X509Certificate[] {cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, none);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
      String pem =
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      return new LoopbackCertificate(ctx, pem);
    } catch (OperatorCreationException | java.io.IOException e) {
      throw new GeneralSecurityException("cannot make the loopback certificate", e);
    }
  }
}
