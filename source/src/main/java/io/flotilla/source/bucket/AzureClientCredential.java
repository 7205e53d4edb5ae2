package io.flotilla.source.bucket;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.source.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * A Microsoft Entra service principal's token, fetched with the OAuth2 client-credentials grant
 * from the authority host, as azure-identity's {@code ClientSecretCredential} and {@code
 * ClientCertificateCredential} do (without MSAL and its netty transport): either a client secret,
 * or a signed client assertion (an RS256 JWT whose header names the certificate by its SHA-1
 * thumbprint {@code x5t}, and carries the chain in {@code x5c} when asked to), or a workload
 * identity's federated token as the assertion, as {@code WorkloadIdentityCredential} sends it.
 *
 * <p>The authority host is {@code https://login.microsoftonline.com}, or {@code
 * AZURE_AUTHORITY_HOST} from the environment, or the system property {@value #AUTHORITY_PROPERTY}
 * (tests point it at a local token endpoint). Plain http is accepted only for a loopback host.
 */
public final class AzureClientCredential implements TokenCredential {
  /** The system property that overrides the authority host (and the environment variable). */
  public static final String AUTHORITY_PROPERTY = "flotilla.azure.authorityHost";

  static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String tenantId;
  private final String clientId;
  private final String clientSecret;
  private final ClientCertificate certificate;
  private final Path federatedTokenFile;
  private final String authority;
  private final Duration timeout;
  private final Clock clock;
  private volatile HttpClient http;

  private AzureClientCredential(
      String tenantId,
      String clientId,
      String clientSecret,
      ClientCertificate certificate,
      Path federatedTokenFile,
      String authority,
      Duration timeout,
      Clock clock) {
    this.tenantId = require(tenantId, "tenantId");
    this.clientId = require(clientId, "clientId");
    this.clientSecret = clientSecret;
    this.certificate = certificate;
    this.federatedTokenFile = federatedTokenFile;
    this.authority = authority;
    this.timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    this.clock = clock;
  }

  /** A service principal that authenticates with {@code clientSecret}. */
  public static AzureClientCredential withSecret(
      String tenantId, String clientId, String clientSecret, Duration timeout) {
    return new AzureClientCredential(
        tenantId,
        clientId,
        require(clientSecret, "clientSecret"),
        null,
        null,
        authorityHost(),
        timeout,
        Clock.systemUTC());
  }

  /**
   * A service principal that authenticates with a certificate: {@code clientCertificate} is PEM
   * (certificates and a private key, which may be encrypted with {@code password}) or PKCS#12 (with
   * {@code password}), as azure-identity reads it.
   *
   * @throws IllegalArgumentException naming the key when the certificate cannot be used
   */
  public static AzureClientCredential withCertificate(
      String tenantId,
      String clientId,
      byte[] clientCertificate,
      String password,
      boolean sendChain,
      Duration timeout) {
    if (clientCertificate == null || clientCertificate.length == 0) {
      throw new IllegalArgumentException("'clientCertificate' is empty");
    }
    return new AzureClientCredential(
        tenantId,
        clientId,
        null,
        ClientCertificate.parse(clientCertificate, password, sendChain),
        null,
        authorityHost(),
        timeout,
        Clock.systemUTC());
  }

  /**
   * Workload identity: the service account token Kubernetes projects into {@code tokenFile} ({@code
   * AZURE_FEDERATED_TOKEN_FILE}) is the client assertion, read again for every token since the
   * kubelet rotates it.
   */
  public static AzureClientCredential withFederatedToken(
      String tenantId, String clientId, Path tokenFile, Duration timeout) {
    return new AzureClientCredential(
        tenantId, clientId, null, null, tokenFile, authorityHost(), timeout, Clock.systemUTC());
  }

  /**
   * This credential with another authority host (a sovereign cloud, or a loopback fake), checked as
   * the process-wide setting is: https, or http on a loopback address.
   */
  public AzureClientCredential withAuthorityHost(String host) {
    return new AzureClientCredential(
        tenantId,
        clientId,
        clientSecret,
        certificate,
        federatedTokenFile,
        checkedAuthority(host),
        timeout,
        clock);
  }

  /** The authority host in effect: system property, then {@code AZURE_AUTHORITY_HOST}. */
  static String authorityHost() {
    String host = System.getProperty(AUTHORITY_PROPERTY);
    if (host == null || host.isBlank()) {
      host = System.getenv("AZURE_AUTHORITY_HOST");
    }
    if (host == null || host.isBlank()) {
      host = DEFAULT_AUTHORITY;
    }
    return checkedAuthority(host);
  }

  private static String checkedAuthority(String host) {
    host = host.strip().replaceAll("/+$", "");
    URI uri = URI.create(host);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean loopback =
        "127.0.0.1".equals(uri.getHost())
            || "localhost".equals(uri.getHost())
            || "[::1]".equals(uri.getHost());
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      throw new IllegalArgumentException(
          "authority host '%s' must use https (e.g. %s)".formatted(host, DEFAULT_AUTHORITY));
    }
    return host;
  }

  /** The token endpoint of the tenant: {@code <authority>/<tenant>/oauth2/v2.0/token}. */
  String tokenEndpoint() {
    return authority + "/" + tenantId + "/oauth2/v2.0/token";
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.fromCallable(() -> getTokenSync(request));
  }

  @Override
  public AccessToken getTokenSync(TokenRequestContext request) {
    List<String> scopes = request == null ? List.of() : request.getScopes();
    String scope =
        scopes == null || scopes.isEmpty()
            ? "https://storage.azure.com/.default"
            : String.join(" ", scopes);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("scope", scope);
    if (certificate != null) {
      form.put("client_assertion_type", ASSERTION_TYPE);
      form.put("client_assertion", assertion());
    } else if (federatedTokenFile != null) {
      form.put("client_assertion_type", ASSERTION_TYPE);
      form.put("client_assertion", federatedToken());
    } else {
      form.put("client_secret", clientSecret);
    }
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(tokenEndpoint()))
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> resp;
    try {
      resp = client().send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw failure("token endpoint '%s' unreachable: %s".formatted(tokenEndpoint(), describe(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted");
    }
    String text = resp.body() == null ? "" : resp.body();
    if (text.length() > 64 * 1024) {
      throw failure("token response larger than 64 KiB");
    }
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (IOException e) {
      json = null;
    }
    if (resp.statusCode() / 100 != 2 || json == null || !json.hasNonNull("access_token")) {
      String why;
      if (json != null && json.hasNonNull("error")) {
        String desc = json.path("error_description").asText("");
        // AAD descriptions carry a trace id and timestamp after the first line
        why =
            json.get("error").asText()
                + (desc.isEmpty() ? "" : ": " + desc.lines().findFirst().orElse(""));
      } else {
        why = "status " + resp.statusCode();
      }
      throw failure(why);
    }
    long expiresIn = json.path("expires_in").asLong(3600);
    return new AccessToken(
        json.get("access_token").asText(),
        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).plusSeconds(expiresIn));
  }

  private String federatedToken() {
    try {
      return Files.readString(federatedTokenFile).strip();
    } catch (IOException e) {
      throw failure(
          "cannot read the federated token file '%s': %s"
              .formatted(federatedTokenFile, describe(e)));
    }
  }

  /** The signed client assertion (RFC 7523) Entra ID accepts for certificate credentials. */
  String assertion() {
    try {
      X509Certificate leaf = certificate.chain().get(0);
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("alg", "RS256");
      header.put("typ", "JWT");
      header.put(
          "x5t",
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(MessageDigest.getInstance("SHA-1").digest(leaf.getEncoded())));
      if (certificate.sendChain()) {
        List<String> x5c = new ArrayList<>();
        for (X509Certificate c : certificate.chain()) {
          x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
        }
        header.put("x5c", x5c);
      }
      long now = clock.instant().getEpochSecond();
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("aud", tokenEndpoint());
      claims.put("iss", clientId);
      claims.put("sub", clientId);
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("nbf", now);
      claims.put("iat", now);
      claims.put("exp", now + 600);
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signingInput =
          b64.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(certificate.key());
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException | IOException e) {
      throw failure("cannot sign the client assertion: " + e.getMessage());
    }
  }

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      c = HttpClient.newBuilder().connectTimeout(timeout).build();
      http = c;
    }
    return c;
  }

  private RuntimeException failure(String why) {
    return new IllegalStateException(
        Redaction.message(
            "failed to get a token for client '%s' in tenant '%s' from %s: %s"
                .formatted(clientId, tenantId, authority, why),
            clientSecret));
  }

  private static String describe(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + key + "' is required");
    }
    return value;
  }

  @Override
  public String toString() {
    return "AzureClientCredential[tenant="
        + tenantId
        + ", client="
        + clientId
        + ", "
        + (certificate != null
            ? certificate
            : federatedTokenFile != null
                ? "federatedTokenFile=" + federatedTokenFile
                : "secret=***")
        + "]";
  }
}
