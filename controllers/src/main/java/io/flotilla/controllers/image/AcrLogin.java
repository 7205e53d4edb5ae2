package io.flotilla.controllers.image;

import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.source.RegistryCredentials;
import io.flotilla.source.bucket.AzureClientCredential;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * {@code spec.provider: azure}, as Flux logs in to Azure Container Registry: an Azure Resource
 * Manager token from the controller's workload identity ({@code AZURE_TENANT_ID}, {@code
 * AZURE_CLIENT_ID}, {@code AZURE_FEDERATED_TOKEN_FILE}, optional {@code AZURE_AUTHORITY_HOST}) is
 * exchanged at the registry's {@code /oauth2/exchange} for an ACR refresh token, which is the
 * password of the fixed ACR user. No token is kept between scans.
 */
final class AcrLogin {
  /** The user name ACR expects with a refresh token as the password. */
  static final String ACR_USER = "00000000-0000-0000-0000-000000000000";

  static final List<String> WORKLOAD_IDENTITY =
      List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE");
  private static final ObjectMapper JSON = new ObjectMapper();

  private AcrLogin() {}

  /**
   * @param registry the registry's host[:port]
   * @param plainHttp exchange over http ({@code spec.insecure})
   * @param ssl trust for https, null for the JVM's defaults
   * @throws ReconcileException {@code AuthenticationFailed}: terminal when the identity is not
   *     configured (the environment does not change while the controller runs), else retryable
   */
  static RegistryCredentials login(
      Map<String, String> env, String registry, boolean plainHttp, SSLContext ssl, Duration timeout)
      throws ReconcileException {
    List<String> missing = new ArrayList<>();
    for (String name : WORKLOAD_IDENTITY) {
      if (env.getOrDefault(name, "").isBlank()) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new ReconcileException(
          Reasons.AUTHENTICATION_FAILED,
          "spec.provider 'azure' needs the controller's workload identity, but %s %s not set in its"
                  .formatted(String.join(", ", missing), missing.size() == 1 ? "is" : "are")
              + " environment: configure workload identity for the image-reflector-controller, or"
              + " use spec.secretRef with a kubernetes.io/dockerconfigjson Secret",
          true);
    }
    String armToken = armToken(env, registry, timeout);
    String refresh = exchange(armToken, registry, plainHttp, ssl, timeout);
    return new RegistryCredentials(ACR_USER, refresh);
  }

  /** Flux's scope per cloud, chosen by the registry's domain. */
  static String scope(String registry) {
    String host = registry.replaceFirst(":\\d+$", "");
    if (host.endsWith(".azurecr.cn")) {
      return "https://management.chinacloudapi.cn/.default";
    }
    if (host.endsWith(".azurecr.us")) {
      return "https://management.usgovcloudapi.net/.default";
    }
    return "https://management.azure.com/.default";
  }

  private static String armToken(Map<String, String> env, String registry, Duration timeout)
      throws ReconcileException {
    try {
      AzureClientCredential credential =
          AzureClientCredential.withFederatedToken(
              env.get("AZURE_TENANT_ID"),
              env.get("AZURE_CLIENT_ID"),
              Path.of(env.get("AZURE_FEDERATED_TOKEN_FILE")),
              timeout);
      String authority = env.getOrDefault("AZURE_AUTHORITY_HOST", "");
      if (!authority.isBlank()) {
        credential = credential.withAuthorityHost(authority);
      }
      return credential
          .getTokenSync(new TokenRequestContext().addScopes(scope(registry)))
          .getToken();
    } catch (RuntimeException e) {
      throw new ReconcileException(
          Reasons.AUTHENTICATION_FAILED,
          "spec.provider 'azure': failed to get a token from the workload identity: "
              + e.getMessage(),
          false);
    }
  }

  private static String exchange(
      String armToken, String registry, boolean plainHttp, SSLContext ssl, Duration timeout)
      throws ReconcileException {
    String service = registry.replaceFirst(":\\d+$", "");
    String form =
        "grant_type=access_token&service=%s&access_token=%s"
            .formatted(encode(service), encode(armToken));
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    String url = (plainHttp ? "http://" : "https://") + registry + "/oauth2/exchange";
    String failed = "spec.provider 'azure': failed to exchange token at " + url + ": ";
    try (HttpClient http = builder.build()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(timeout)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new ReconcileException(
            Reasons.AUTHENTICATION_FAILED,
            failed
                + "unexpected status code %d, response body: %s"
                    .formatted(r.statusCode(), abbreviate(r.body())),
            false);
      }
      JsonNode body = JSON.readTree(r.body());
      String refresh = body == null ? "" : body.path("refresh_token").asText("");
      if (refresh.isEmpty()) {
        throw new ReconcileException(
            Reasons.AUTHENTICATION_FAILED, failed + "the answer holds no refresh_token", false);
      }
      return refresh;
    } catch (IOException e) {
      throw new ReconcileException(Reasons.AUTHENTICATION_FAILED, failed + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReconcileException(Reasons.AUTHENTICATION_FAILED, failed + "interrupted", false);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    String t = s == null ? "" : s.strip();
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }
}
