package io.flotilla.controllers.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A loopback Azure AD token endpoint and Key Vault: client credentials for one service principal (a
 * secret, a certificate's signed assertion or a workload identity's federated token) and a managed
 * identity at the IMDS path get a bearer token, and {@code POST /keys/<name>/<version>/decrypt}
 * answers RSA-OAEP-256 with one RSA key only for that token (401 otherwise), as Key Vault does.
 */
final class FakeKeyVault implements AutoCloseable {
  static final String TENANT = "00000000-0000-0000-0000-0000000000aa";
  static final String CLIENT_ID = "sops-client";
  static final String CLIENT_SECRET = "sops-client-secret";
  static final String KEY = "sops-key";
  static final String VERSION = "0123456789abcdef";

  /** The service account token a workload identity presents as its client assertion. */
  static final String FEDERATED_TOKEN = "projected-service-account-token";

  /** A user-assigned managed identity IMDS answers for. */
  static final String MANAGED_CLIENT_ID = "managed-identity-client";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final KeyPair rsa;
  private final String token = UUID.randomUUID().toString();
  final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile PublicKey certificateKey;

  FakeKeyVault() throws IOException, GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    rsa = gen.generateKeyPair();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/" + TENANT + "/oauth2/v2.0/token", this::token);
    server.createContext("/keys/", this::decrypt);
    server.createContext("/metadata/identity/oauth2/token", this::imds);
    server.start();
  }

  /** Client assertions signed by this certificate's key authenticate {@link #CLIENT_ID}. */
  void trust(X509Certificate certificate) {
    certificateKey = certificate.getPublicKey();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The {@code azure_kv} key group of a SOPS document whose data key this vault holds. */
  String keyGroup(byte[] dataKey) throws GeneralSecurityException {
    return """
          azure_kv:
            - vault_url: %s
              name: %s
              version: %s
              created_at: "2026-12-07T00:00:00Z"
              enc: %s
        """
        .formatted(url(), KEY, VERSION, wrap(dataKey));
  }

  /** The data key as SOPS writes it for this vault: RSA-OAEP-256, raw URL base64. */
  String wrap(byte[] dataKey) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(Cipher.ENCRYPT_MODE, rsa.getPublic(), oaep());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(c.doFinal(dataKey));
  }

  private static OAEPParameterSpec oaep() {
    return new OAEPParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> form = new HashMap<>();
    for (String pair :
        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String how =
        form.containsKey("client_secret")
            ? "secret"
            : FEDERATED_TOKEN.equals(form.get("client_assertion")) ? "federated" : "assertion";
    requests.add("token " + form.get("client_id") + " " + form.get("scope") + " " + how);
    boolean authenticated =
        switch (how) {
          case "secret" -> CLIENT_SECRET.equals(form.get("client_secret"));
          case "federated" -> true;
          default -> signedByTrustedCertificate(form.get("client_assertion"));
        };
    if (!CLIENT_ID.equals(form.get("client_id"))
        || !authenticated
        || !"https://vault.azure.net/.default".equals(form.get("scope"))) {
      send(
          ex,
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}");
      return;
    }
    issueToken(ex);
  }

  private void issueToken(HttpExchange ex) throws IOException {
    send(
        ex,
        200,
        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" + token + "\"}");
  }

  /** An RS256 client assertion for this tenant's token endpoint, signed by the trusted key. */
  private boolean signedByTrustedCertificate(String jwt) {
    PublicKey key = certificateKey;
    if (key == null || jwt == null || jwt.split("\\.").length != 3) {
      return false;
    }
    String[] parts = jwt.split("\\.");
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(key);
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return rs256.verify(Base64.getUrlDecoder().decode(parts[2]))
          && CLIENT_ID.equals(claims.path("iss").asText())
          && claims.path("aud").asText().endsWith("/" + TENANT + "/oauth2/v2.0/token");
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The instance metadata service's token for a user-assigned managed identity. */
  private void imds(HttpExchange ex) throws IOException {
    String query = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
    requests.add("imds " + query);
    if (!"true".equals(ex.getRequestHeaders().getFirst("Metadata"))
        || !query.contains("client_id=" + MANAGED_CLIENT_ID)
        || !query.contains("resource=https://vault.azure.net")) {
      send(ex, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    issueToken(ex);
  }

  private void decrypt(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add("decrypt " + path + "?" + ex.getRequestURI().getQuery());
    if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      send(
          ex,
          401,
          "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10000: Request is missing a Bearer or PoP token.\"}}");
      return;
    }
    if (!path.equals("/keys/" + KEY + "/" + VERSION + "/decrypt")) {
      send(
          ex,
          404,
          "{\"error\":{\"code\":\"KeyNotFound\",\"message\":\"A key with (name/id) was not found in this key vault.\"}}");
      return;
    }
    JsonNode body = JSON.readTree(ex.getRequestBody());
    if (!"RSA-OAEP-256".equals(body.path("alg").asText())) {
      send(ex, 400, "{\"error\":{\"code\":\"BadParameter\",\"message\":\"alg\"}}");
      return;
    }
    try {
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(Cipher.DECRYPT_MODE, rsa.getPrivate(), oaep());
      byte[] plain = c.doFinal(Base64.getUrlDecoder().decode(body.path("value").asText()));
      send(
          ex,
          200,
          JSON.createObjectNode()
              .put("kid", url() + "/keys/" + KEY + "/" + VERSION)
              .put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(plain))
              .toString());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      send(
          ex,
          400,
          "{\"error\":{\"code\":\"BadParameter\",\"message\":\"The parameter is incorrect.\"}}");
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
