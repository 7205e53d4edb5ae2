package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.api.arm.ClusterRef;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flotilla server --tls-cert --tls-key}: HTTPS only, for the ARM API and agents alike. */
class TlsIT {
  @TempDir Path dir;
  ConfigurationServer server;
  X509Certificate ca;
  HttpClient trusting;

  @BeforeEach
  void start() throws Exception {
    KeyPair caKey = ecKey();
    ca = sign("CN=flotilla test CA", caKey, "CN=flotilla test CA", caKey, true);
    KeyPair serverKey = ecKey();
    X509Certificate cert = sign("CN=127.0.0.1", serverKey, "CN=flotilla test CA", caKey, false);
    Path certFile = dir.resolve("tls.crt");
    Files.writeString(certFile, pem(cert) + pem(ca));
    Path keyFile = dir.resolve("tls.key");
    Files.writeString(
        keyFile,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(serverKey.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    server =
        ConfigurationServer.start(
            ServerOptions.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("data"))
                .withTls(certFile, keyFile));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    trusting =
        HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theServiceAndTheAgentApiAnswerOverHttpsToAClientThatTrustsTheCa() throws Exception {
    assertThat(server.url()).startsWith("https://127.0.0.1:");
    assertThat(get(trusting, "/healthz", null, null).statusCode()).isEqualTo(200);

    var agent =
        SimulatedFleet.connect(
            server,
            new ClusterRef("sub", "rg", "Microsoft.Kubernetes", "connectedClusters", "tls"));
    String token = agent.api().token();
    var desired = get(trusting, agent.desiredPath(), token, null);
    assertThat(desired.statusCode()).isEqualTo(200);
    String etag = desired.headers().firstValue("ETag").orElseThrow();
    var unchanged = get(trusting, agent.desiredPath() + "?waitSeconds=0", token, etag);
    assertThat(unchanged.statusCode()).isEqualTo(304);
  }

  /**
   * The dashboard reads the ARM API over loopback HTTPS, trusting the service's own certificate.
   */
  @Test
  void theDashboardReadsTheApiOverHttpsToo() throws Exception {
    var ref = new ClusterRef("sub", "rg", "Microsoft.Kubernetes", "connectedClusters", "tls-ui");
    server.clusters().register(ref, "local");
    var view =
        get(
            trusting,
            "/dashboard/resource?id=" + java.net.URLEncoder.encode(ref.resourceId(), "UTF-8"),
            server.adminToken(),
            null);
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.body()).contains("This cluster has no flux configuration.");
  }

  /** Over HTTPS the dashboard's session cookie is Secure: a browser never sends it in clear. */
  @Test
  void theDashboardSessionCookieIsSecureOverHttps() throws Exception {
    HttpResponse<String> r =
        trusting.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/dashboard/session"))
                .header("Authorization", "Bearer " + server.adminToken())
                .header("X-Flotilla-Dashboard", "1")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("flotilla_session=")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .contains("; Secure");
  }

  @Test
  void aClientThatDoesNotTrustTheCaIsRefused() {
    HttpClient jdkDefaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> get(jdkDefaults, "/healthz", null, null))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void plainHttpIsNotServed() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String http = server.url().replace("https://", "http://");
    int status;
    try {
      status =
          plain
              .send(
                  HttpRequest.newBuilder(URI.create(http + "/healthz"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode();
    } catch (IOException | InterruptedException e) {
      status = -1; // the TLS connector drops a plaintext request
    }
    assertThat(status).isNotEqualTo(200);
  }

  @Test
  void aKeyInTraditionalFormatIsRefusedWithTheConversionCommand() throws Exception {
    KeyPair k = ecKey();
    Path keyFile = dir.resolve("ec.key");
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(k.getPrivate());
    }
    Files.writeString(keyFile, out.toString());
    Path certFile = dir.resolve("self.crt");
    Files.writeString(certFile, pem(sign("CN=x", k, "CN=x", k, false)));
    var options =
        ServerOptions.defaults()
            .withPort(0)
            .withDataDir(dir.resolve("other"))
            .withTls(certFile, keyFile);
    assertThatThrownBy(() -> ConfigurationServer.start(options).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-key")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void certificateWithoutKeyIsAClearError() {
    assertThatThrownBy(() -> ServerOptions.defaults().withTls(dir.resolve("c"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-cert and --tls-key together");
  }

  private HttpResponse<String> get(HttpClient client, String path, String token, String etag)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (etag != null) {
      b.header("If-None-Match", etag);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static KeyPair ecKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static X509Certificate sign(
      String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, boolean isCa)
      throws Exception {
    Instant now = Instant.now();
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime())),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(1))),
            new X500Name(subject),
            subjectKey.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (!isCa) {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }
}
