package io.flotilla.testkit.git;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority made in the test with BouncyCastle, and a server certificate it
 * signs for {@code 127.0.0.1} and {@code localhost}. Everything is PEM text.
 */
public final class TestCa {
  private final String caPem;
  private final String serverCertPem;
  private final String serverKeyPem;
  private final KeyPair caKeys;
  private final X500Name caName;
  private final KeyPair serverKeys;
  private final X509Certificate[] serverChain;

  private TestCa(
      String caPem,
      String serverCertPem,
      String serverKeyPem,
      KeyPair caKeys,
      X500Name caName,
      KeyPair serverKeys,
      X509Certificate[] serverChain) {
    this.caPem = caPem;
    this.serverCertPem = serverCertPem;
    this.serverKeyPem = serverKeyPem;
    this.caKeys = caKeys;
    this.caName = caName;
    this.serverKeys = serverKeys;
    this.serverChain = serverChain;
  }

  /** A client certificate and key (PEM) signed by this CA, as in a secret's tls.crt/tls.key. */
  public record ClientCert(String certPem, String keyPem) {}

  /** Issues a client certificate for {@code cn}. */
  public ClientCert issueClient(String cn) {
    try {
      KeyPair client = rsa();
      X509v3CertificateBuilder b = certificate(caName, new X500Name("CN=" + cn), client, false);
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
              org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth));
      return new ClientCert(pem(sign(b, caKeys)), pem(client.getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue client certificate", e);
    }
  }

  public static TestCa generate(String name) {
    try {
      KeyPair ca = rsa();
      KeyPair server = rsa();
      X500Name caName = new X500Name("CN=" + name + " test CA");
      X509v3CertificateBuilder caBuilder = certificate(caName, caName, ca, true);
      caBuilder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate caCert = sign(caBuilder, ca);
      X509v3CertificateBuilder leaf =
          certificate(caName, new X500Name("CN=127.0.0.1"), server, false);
      leaf.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      X509Certificate serverCert = sign(leaf, ca);
      return new TestCa(
          pem(caCert),
          pem(serverCert),
          pem(server.getPrivate()),
          ca,
          caName,
          server,
          new X509Certificate[] {serverCert, caCert});
    } catch (Exception e) {
      throw new IllegalStateException("cannot generate test CA", e);
    }
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    return gen.generateKeyPair();
  }

  /** A certificate for {@code subject}'s key, valid from an hour ago for two days. */
  private static X509v3CertificateBuilder certificate(
      X500Name issuer, X500Name subject, KeyPair keys, boolean ca) throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(2))),
            subject,
            keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    return b;
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) throws Exception {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static String pem(Object o) throws java.io.IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  /** The CA certificate, as a user would put it in a secret's {@code ca.crt}. */
  public String caPem() {
    return caPem;
  }

  public String serverCertPem() {
    return serverCertPem;
  }

  public String serverKeyPem() {
    return serverKeyPem;
  }

  /** A TLS server context presenting the server certificate, for in-process HTTPS test servers. */
  public SSLContext serverSslContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "test".toCharArray();
      store.setKeyEntry("server", serverKeys.getPrivate(), password, serverChain);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the test server's TLS context", e);
    }
  }
}
