package io.flotilla.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flotilla.source.SourceException;
import io.flotilla.source.oci.TlsContexts;
import io.flotilla.testkit.git.Processes;
import io.flotilla.testkit.git.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider azure with a service principal, end to end on 127.0.0.1: a token endpoint made in the
 * test plays Microsoft Entra ID (it checks the client secret, or the client assertion's RS256
 * signature against the registered certificate), and Azurite runs over https with {@code --oauth
 * basic}, so it accepts only the bearer tokens that endpoint issued for the storage audience.
 */
class AzureServicePrincipalIT {
  static final String ACCOUNT = AzureBlobBucketIT.ACCOUNT;
  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String CLIENT = "3d3b1d64-5d7c-4b5e-8f0e-0a1c2b3d4e5f";
  static final String SECRET = "sp-S3cret~value.that-must-not-leak";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static LocalServer azurite;
  static HttpServer entra;
  static TestCa ca;
  static KeyPair spKey;
  static X509Certificate spCert;
  static final List<JsonNode> assertionHeaders = new CopyOnWriteArrayList<>();
  static String previousAuthority;

  @BeforeAll
  static void start() throws Exception {
    Path bin = Processes.npmTool("azurite-blob");
    assumeTrue(bin != null, "azurite is not installed (run .ci/run or npm install azurite)");
    ca = TestCa.generate("azurite");
    Path cert = work.resolve("azurite.crt");
    Path key = work.resolve("azurite.key");
    Files.writeString(cert, ca.serverCertPem());
    Files.writeString(key, ca.serverKeyPem());
    azurite =
        LocalServer.azurite(
            bin, work, "--cert", cert.toString(), "--key", key.toString(), "--oauth", "basic");
    spKey = rsa();
    spCert = selfSigned(spKey, "CN=flotilla-sp");
    entra = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    entra.createContext("/", AzureServicePrincipalIT::token);
    entra.start();
    previousAuthority = System.getProperty(AzureClientCredential.AUTHORITY_PROPERTY);
    System.setProperty(
        AzureClientCredential.AUTHORITY_PROPERTY,
        "http://127.0.0.1:" + entra.getAddress().getPort());

    BlobContainerClient admin =
        new BlobServiceClientBuilder()
            .endpoint(endpoint())
            .httpClient(
                new JdkHttpClientBuilder(
                        java.net.http.HttpClient.newBuilder()
                            .sslContext(TlsContexts.fromSecret(Map.of("ca.crt", caPem()))))
                    .build())
            .credential(new StorageSharedKeyCredential(ACCOUNT, AzureBlobBucketIT.KEY))
            .buildClient()
            .createBlobContainer("manifests");
    admin.getBlobClient("apps/deploy.yaml").upload(BinaryData.fromString("kind: Deployment\n"));
  }

  @AfterAll
  static void stop() {
    if (previousAuthority == null) {
      System.clearProperty(AzureClientCredential.AUTHORITY_PROPERTY);
    } else {
      System.setProperty(AzureClientCredential.AUTHORITY_PROPERTY, previousAuthority);
    }
    if (entra != null) {
      entra.stop(0);
    }
    if (azurite != null) {
      azurite.close();
    }
  }

  static String endpoint() {
    return "https://127.0.0.1:" + azurite.port + "/" + ACCOUNT;
  }

  static byte[] caPem() {
    return ca.caPem().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aClientSecretGetsATokenThatAzuriteAccepts(@TempDir Path dir) throws Exception {
    var credential =
        AzureClientCredential.withSecret(TENANT, CLIENT, SECRET, Duration.ofSeconds(10));
    assertFetches(credential, dir);
  }

  @Test
  void aPemCertificateSignsAnAssertionWithItsThumbprintAndChain(@TempDir Path dir)
      throws Exception {
    String pem = pem(spCert) + pem(spKey.getPrivate());
    var credential = pemCredential(pem, true);
    assertionHeaders.clear();
    assertFetches(credential, dir);
    assertThat(assertionHeaders).isNotEmpty();
    JsonNode header = assertionHeaders.get(0);
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("x5t").asText()).isEqualTo(thumbprint(spCert));
    assertThat(header.path("x5c").get(0).asText())
        .isEqualTo(Base64.getEncoder().encodeToString(spCert.getEncoded()));
  }

  @Test
  void aPasswordProtectedPkcs12CertificateWorksWithoutSendingTheChain(@TempDir Path dir)
      throws Exception {
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    p12.load(null, null);
    p12.setKeyEntry(
        "sp", spKey.getPrivate(), "pfx-pass".toCharArray(), new X509Certificate[] {spCert});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p12.store(out, "pfx-pass".toCharArray());
    var credential =
        AzureClientCredential.withCertificate(
            TENANT, CLIENT, out.toByteArray(), "pfx-pass", false, Duration.ofSeconds(10));
    assertionHeaders.clear();
    assertFetches(credential, dir);
    assertThat(assertionHeaders.get(0).has("x5c")).isFalse();
  }

  @Test
  void aWrongSecretFailsWithEntrasErrorAndNeverShowsTheSecret(@TempDir Path dir) {
    String wrong = "wrong-" + SECRET;
    var credential =
        AzureClientCredential.withSecret(TENANT, CLIENT, wrong, Duration.ofSeconds(10));
    assertRefused(credential, dir)
        .hasMessageContaining("invalid_client")
        .hasMessageContaining("AADSTS7000215")
        .hasMessageContaining(CLIENT)
        .hasMessageNotContaining(wrong);
  }

  @Test
  void aCertificateOfAnotherKeyIsRefused(@TempDir Path dir) throws Exception {
    KeyPair other = rsa();
    String pem = pem(selfSigned(other, "CN=intruder")) + pem(other.getPrivate());
    var credential = pemCredential(pem, false);
    assertRefused(credential, dir).hasMessageContaining("AADSTS700027");
  }

  private static AzureBlobBucketProvider provider(AzureClientCredential credential) {
    return AzureBlobBucketProvider.create(
        endpoint(),
        new AzureBlobBucketProvider.Auth.ServicePrincipal(credential),
        Duration.ofSeconds(10),
        caPem());
  }

  /** A credential from a PEM certificate and its key, sending the chain ({@code x5c}) or not. */
  private static AzureClientCredential pemCredential(String pem, boolean sendChain) {
    return AzureClientCredential.withCertificate(
        TENANT,
        CLIENT,
        pem.getBytes(StandardCharsets.UTF_8),
        null,
        sendChain,
        Duration.ofSeconds(10));
  }

  /** Asserts that listing the bucket with {@code credential} fails; the failure, to inspect. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      AzureClientCredential credential, Path dir) {
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (var p = provider(credential)) {
      return assertThatThrownBy(() -> fetcher.index(p, "manifests", null, null, dir))
          .isInstanceOf(SourceException.class);
    }
  }

  private static void assertFetches(AzureClientCredential credential, Path dir) throws Exception {
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (var p = provider(credential)) {
      BucketIndex index = fetcher.index(p, "manifests", null, null, dir);
      fetcher.fetch(p, "manifests", index, dir);
      assertThat(Files.readString(dir.resolve("apps/deploy.yaml"))).isEqualTo("kind: Deployment\n");
    }
  }

  /** The fake Entra ID token endpoint: client credentials in, a storage-audience JWT out. */
  private static void token(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), "UTF-8"));
      String error = null;
      if (!ex.getRequestMethod().equals("POST")
          || !path.equals("/" + TENANT + "/oauth2/v2.0/token")) {
        error = "AADSTS90002: Tenant not found.";
      } else if (!"client_credentials".equals(form.get("grant_type"))
          || !CLIENT.equals(form.get("client_id"))
          || !"https://storage.azure.com/.default".equals(form.get("scope"))) {
        error = "AADSTS700016: Application not found in the directory.";
      } else if (form.containsKey("client_secret")) {
        if (!SECRET.equals(form.get("client_secret"))) {
          error = "AADSTS7000215: Invalid client secret provided.";
        }
      } else if (!verifyAssertion(
          form.get("client_assertion"),
          form.get("client_assertion_type"),
          "http://127.0.0.1:" + entra.getAddress().getPort() + path)) {
        error = "AADSTS700027: Client assertion contains an invalid signature.";
      }
      byte[] body;
      int status;
      if (error != null) {
        status = 401;
        body =
            JSON.writeValueAsBytes(
                Map.of(
                    "error",
                    "invalid_client",
                    "error_description",
                    error + "\r\nTrace ID: 1\r\nTimestamp: now"));
      } else {
        status = 200;
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>();
        claims.put("aud", "https://storage.azure.com");
        claims.put("iss", "https://sts.windows.net/" + TENANT + "/");
        claims.put("appid", CLIENT);
        claims.put("nbf", now - 60);
        claims.put("iat", now - 60);
        claims.put("exp", now + 3600);
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        String jwt =
            b.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + b.encodeToString(JSON.writeValueAsBytes(claims))
                + "."
                + b.encodeToString("not-verified-in-basic-mode".getBytes(StandardCharsets.UTF_8));
        body =
            JSON.writeValueAsBytes(
                Map.of("token_type", "Bearer", "expires_in", 3599, "access_token", jwt));
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private static boolean verifyAssertion(String jwt, String type, String audience) {
    try {
      if (jwt == null || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(type)) {
        return false;
      }
      String[] parts = jwt.split("\\.");
      Base64.Decoder d = Base64.getUrlDecoder();
      JsonNode header = JSON.readTree(d.decode(parts[0]));
      JsonNode claims = JSON.readTree(d.decode(parts[1]));
      assertionHeaders.add(header);
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(spCert.getPublicKey());
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      long now = Instant.now().getEpochSecond();
      return rs256.verify(d.decode(parts[2]))
          && thumbprint(spCert).equals(header.path("x5t").asText())
          && audience.equals(claims.path("aud").asText())
          && CLIENT.equals(claims.path("iss").asText())
          && CLIENT.equals(claims.path("sub").asText())
          && claims.path("exp").asLong() > now
          && claims.path("nbf").asLong() <= now + 5;
    } catch (Exception e) {
      return false;
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static String thumbprint(X509Certificate cert) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static X509Certificate selfSigned(KeyPair kp, String dn) throws Exception {
    Instant now = Instant.now();
    X500Name name = new X500Name(dn);
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minusSeconds(3600)),
            Date.from(now.plusSeconds(86400)),
            name,
            kp.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
  }

  static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }
}
