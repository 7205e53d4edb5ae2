package io.flotilla.server.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service's TLS identity from a PEM certificate chain and a PEM (PKCS#8) private key. */
public final class PemKeyStore {
  /** The in-memory key store's password; it never leaves this process. */
  public static final String PASSWORD = "flotilla";

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final int MAX_BYTES = 1024 * 1024;

  private PemKeyStore() {}

  /** A PKCS#12 key store holding the key under alias {@code server} with its chain. */
  public static KeyStore load(Path certFile, Path keyFile) {
    List<Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "--tls-key "
              + keyFile
              + " does not belong to the certificate in --tls-cert "
              + certFile
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static List<Certificate> certificates(Path file) {
    String text = read(file, "--tls-cert");
    try {
      var certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(
            "--tls-cert " + file + " holds no certificate: expected '-----BEGIN CERTIFICATE-----'");
      }
      return List.copyOf(certs);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--tls-cert " + file + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(Path file) {
    String text = read(file, "--tls-key");
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      if (type.endsWith("CERTIFICATE") || type.equals("EC PARAMETERS")) {
        continue;
      }
      if (!type.equals("PRIVATE KEY")) {
        throw new IllegalArgumentException(
            "--tls-key "
                + file
                + " holds a '"
                + type
                + "'; give an unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'), e.g. converted with"
                + " 'openssl pkcs8 -topk8 -nocrypt -in <key> -out <key>.pk8'.");
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      for (String algorithm : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
          // try the next algorithm
        }
      }
      throw new IllegalArgumentException(
          "--tls-key " + file + " is not an RSA, EC or Ed25519 PKCS#8 private key.");
    }
    throw new IllegalArgumentException(
        "--tls-key " + file + " holds no PEM private key: expected '-----BEGIN PRIVATE KEY-----'.");
  }

  private static String read(Path file, String option) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(option + " " + file + " is larger than 1 MiB.");
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + " cannot be read: " + e, e);
    }
  }
}
