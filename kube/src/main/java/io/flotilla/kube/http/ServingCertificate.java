package io.flotilla.kube.http;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
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
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS identity of the embedded API: a local CA and a server certificate for 127.0.0.1 and
 * localhost (EC P-256), created once and kept under {@code <dataDir>/kube/pki} when there is a data
 * dir, so kubeconfigs stay valid across restarts.
 */
public final class ServingCertificate {
  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final GeneralNames LOCALHOST =
      new GeneralNames(
          new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost")
          });
  public final String caPem;
  private final PrivateKey key;
  private final X509Certificate cert;

  private ServingCertificate(String caPem, PrivateKey key, X509Certificate cert) {
    this.caPem = caPem;
    this.key = key;
    this.cert = cert;
  }

  public static ServingCertificate load(Path dataDir) {
    try {
      Path dir = dataDir == null ? null : dataDir.resolve("kube").resolve("pki");
      if (dir != null && Files.exists(dir.resolve("server.key"))) {
        return new ServingCertificate(
            Files.readString(dir.resolve("ca.crt")),
            readKey(Files.readString(dir.resolve("server.key"))),
            readCert(Files.readString(dir.resolve("server.crt"))));
      }
      ServingCertificate created = create();
      if (dir != null) {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.crt"), created.caPem);
        Files.writeString(dir.resolve("server.crt"), pem(created.cert));
        Path key = dir.resolve("server.key");
        Files.writeString(key, keyPem(created.key));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      }
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the API server's certificate", e);
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot prepare the API server's certificate", e);
    }
  }

  private static ServingCertificate create()
      throws GeneralSecurityException,
          IOException,
          org.bouncycastle.operator.OperatorCreationException {
    KeyPair ca = keyPair();
    KeyPair server = keyPair();
    Instant now = Instant.now();
    X500Name caName = new X500Name("CN=flotilla-embedded-ca");
    X509Certificate caCert =
        issue(
            ca,
            validFrom(now, caName, caName, ca)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
    X509Certificate serverCert =
        issue(
            ca,
            validFrom(now, caName, new X500Name("CN=kube-apiserver"), server)
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(Extension.subjectAlternativeName, false, LOCALHOST));
    return new ServingCertificate(pem(caCert), server.getPrivate(), serverCert);
  }

  public SSLContext sslContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("server", key, none, new X509Certificate[] {cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, none);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom());
  }

  /**
   * A builder for a certificate of {@code subjectKeys} that {@code issuer} signs, valid from now.
   */
  private static X509v3CertificateBuilder validFrom(
      Instant now, X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    return new JcaX509v3CertificateBuilder(
        issuer,
        serial(),
        Date.from(now.minusSeconds(60)),
        Date.from(now.plus(VALIDITY)),
        subject,
        subjectKeys.getPublic());
  }

  private static X509Certificate issue(KeyPair issuer, X509v3CertificateBuilder certificate)
      throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
    return sign(
        certificate.build(
            new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static X509Certificate sign(X509CertificateHolder holder)
      throws GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  /** PKCS#8 ({@code PRIVATE KEY}), which keeps the EC curve with the key. */
  private static String keyPem(PrivateKey key) {
    String body =
        java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private static PrivateKey readKey(String pem) throws GeneralSecurityException {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = java.util.Base64.getDecoder().decode(body);
    return java.security.KeyFactory.getInstance("EC")
        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
  }

  private static X509Certificate readCert(String pem) throws IOException, GeneralSecurityException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return sign((X509CertificateHolder) parser.readObject());
    }
  }

  public static String base64(String pem) {
    return java.util.Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
