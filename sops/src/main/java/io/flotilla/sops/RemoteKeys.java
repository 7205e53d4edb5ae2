package io.flotilla.sops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Data keys held by a key service: Azure Key Vault's {@code decrypt} with RSA-OAEP-256 (the key
 * operation SOPS encrypts with; {@code enc} is the raw-URL-base64 result), and Vault's transit
 * {@code decrypt} (the plaintext is the base64 data key).
 */
final class RemoteKeys {
  static final String KEY_VAULT_API_VERSION = "7.4";

  /**
   * Key Vault hosts of Azure's clouds. A bearer token goes only to these (or to a loopback host,
   * where tests and local fakes listen): the vault URL comes from the repository, and a token sent
   * to a host it names would be a token handed to whoever wrote the file.
   */
  private static final List<String> KEY_VAULT_SUFFIXES =
      List.of(
          ".vault.azure.net",
          ".vault.azure.cn",
          ".vault.usgovcloudapi.net",
          ".vault.microsoftazure.de",
          ".managedhsm.azure.net");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private RemoteKeys() {}

  static byte[] azureKeyVault(MasterKey.AzureKv key, SopsKeys keys) throws SopsException {
    URI vault = uri(key.vaultUrl(), "vault_url");
    String host = vault.getHost() == null ? "" : vault.getHost().toLowerCase(Locale.ROOT);
    boolean loopback = loopback(host);
    if (!loopback
        && !("https".equals(vault.getScheme())
            && KEY_VAULT_SUFFIXES.stream().anyMatch(host::endsWith))) {
      throw new SopsException(
          "vault_url '"
              + key.vaultUrl()
              + "' is not an https Azure Key Vault URL (https://<vault>.vault.azure.net)");
    }
    if (keys.azure() == null) {
      throw new SopsException("no Azure credentials (sops.azure-kv) to reach Key Vault");
    }
    try {
      Base64.getUrlDecoder().decode(key.enc().replace("=", ""));
    } catch (IllegalArgumentException e) {
      throw new SopsException("failed to base64 decode Azure Key Vault encrypted key");
    }
    String token;
    try {
      token = keys.azure().accessToken();
    } catch (IOException e) {
      throw new SopsException("failed to get an Azure token: " + e.getMessage());
    }
    String body =
        JSON.createObjectNode().put("alg", "RSA-OAEP-256").put("value", key.enc()).toString();
    URI target =
        URI.create(
            trim(key.vaultUrl())
                + "/keys/"
                + enc(key.name())
                + "/"
                + enc(key.version())
                + "/decrypt?api-version="
                + KEY_VAULT_API_VERSION);
    JsonNode answer =
        post(
            keys,
            HttpRequest.newBuilder(target).header("Authorization", "Bearer " + token),
            body,
            "Key Vault");
    String value = answer.path("value").asText("");
    try {
      return Base64.getUrlDecoder().decode(value.replace("=", ""));
    } catch (IllegalArgumentException e) {
      throw new SopsException("Key Vault answered a value that is not base64url");
    }
  }

  static byte[] vaultTransit(MasterKey.HcVault key, SopsKeys keys) throws SopsException {
    URI address = uri(key.address(), "vault_address");
    boolean loopback = loopback(address.getHost() == null ? "" : address.getHost());
    if (!"https".equals(address.getScheme()) && !loopback) {
      throw new SopsException("vault_address '" + key.address() + "' must use https");
    }
    if (keys.vaultToken() == null || keys.vaultToken().isEmpty()) {
      throw new SopsException("no Vault token (sops.vault-token)");
    }
    URI target =
        URI.create(
            trim(key.address()) + "/v1/" + key.enginePath() + "/decrypt/" + enc(key.keyName()));
    String body = JSON.createObjectNode().put("ciphertext", key.enc()).toString();
    JsonNode answer =
        post(
            keys,
            HttpRequest.newBuilder(target).header("X-Vault-Token", keys.vaultToken()),
            body,
            "Vault");
    try {
      return Base64.getDecoder().decode(answer.path("data").path("plaintext").asText(""));
    } catch (IllegalArgumentException e) {
      throw new SopsException("Vault answered a plaintext that is not base64");
    }
  }

  private static JsonNode post(SopsKeys keys, HttpRequest.Builder request, String body, String who)
      throws SopsException {
    HttpResponse<String> response;
    try {
      response =
          keys.http()
              .send(
                  request
                      .timeout(TIMEOUT)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SopsException(who + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SopsException(who + " call interrupted");
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      answer = JSON.createObjectNode();
    }
    if (response.statusCode() != 200) {
      String message = answer.path("error").path("message").asText("");
      if (message.isEmpty() && answer.path("errors").isArray()) {
        message = answer.path("errors").toString();
      }
      throw new SopsException(
          who + " answered " + response.statusCode() + (message.isEmpty() ? "" : ": " + message));
    }
    return answer;
  }

  private static URI uri(String value, String field) throws SopsException {
    try {
      URI u = URI.create(value);
      if (u.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new SopsException(field + " '" + value + "' is not a URL");
    }
  }

  private static boolean loopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+") && !host.startsWith("[")) {
      return false; // never resolve a name from the file just to decide
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String trim(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
