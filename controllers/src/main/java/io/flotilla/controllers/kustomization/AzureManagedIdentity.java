package io.flotilla.controllers.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.sops.AzureToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A user-assigned managed identity's Key Vault token from the instance metadata service (IMDS), as
 * azure-identity's ManagedIdentityCredential asks for it. The endpoint can be moved with the system
 * property {@value #ENDPOINT_PROPERTY} (tests, or an IMDS proxy).
 */
final class AzureManagedIdentity implements AzureToken {
  static final String ENDPOINT_PROPERTY = "flotilla.azure.imdsEndpoint";
  private static final String IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String clientId;

  AzureManagedIdentity(String clientId) {
    this.clientId = clientId;
  }

  @Override
  public String accessToken() throws IOException {
    String endpoint = System.getProperty(ENDPOINT_PROPERTY, IMDS);
    URI uri =
        URI.create(
            endpoint
                + "?api-version=2018-02-01&resource="
                + URLEncoder.encode("https://vault.azure.net", StandardCharsets.UTF_8)
                + "&client_id="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Metadata", "true")
            .build();
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("managed identity token request interrupted");
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "managed identity '" + clientId + "': IMDS answered " + response.statusCode());
    }
    JsonNode token = JSON.readTree(response.body()).path("access_token");
    if (!token.isTextual()) {
      throw new IOException("managed identity '" + clientId + "': IMDS answered no access_token");
    }
    return token.asText();
  }
}
