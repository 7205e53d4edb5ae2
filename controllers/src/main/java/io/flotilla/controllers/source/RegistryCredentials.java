package io.flotilla.controllers.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A container registry login from a Secret: {@code kubernetes.io/dockerconfigjson} ({@code
 * .dockerconfigjson}, the entry for the registry) or plain {@code username}/{@code password}. Both
 * null for anonymous access.
 */
public record RegistryCredentials(String user, String password) {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String toString() {
    return "RegistryCredentials[user=" + user + "]";
  }

  /**
   * @param secretName the Secret's name, for messages
   * @throws SourceException {@code AuthenticationFailed}, retryable (the Secret may be fixed)
   */
  public static RegistryCredentials of(Map<String, byte[]> data, String registry, String secretName)
      throws SourceException {
    if (data.isEmpty()) {
      return new RegistryCredentials(null, null);
    }
    byte[] docker = data.get(".dockerconfigjson");
    if (docker != null) {
      try {
        var auths = JSON.readTree(docker).path("auths");
        for (var it = auths.fields(); it.hasNext(); ) {
          var e = it.next();
          String host = e.getKey().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
          if (!host.equals(registry)) {
            continue;
          }
          var entry = e.getValue();
          if (entry.hasNonNull("auth")) {
            String pair =
                new String(
                    Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon > 0) {
              return new RegistryCredentials(pair.substring(0, colon), pair.substring(colon + 1));
            }
          }
          return new RegistryCredentials(
              entry.path("username").asText(null), entry.path("password").asText(null));
        }
        return new RegistryCredentials(null, null);
      } catch (IOException | IllegalArgumentException e) {
        throw SourceException.retryable(
            Reasons.AUTHENTICATION_FAILED,
            "failed to parse '.dockerconfigjson' of secret '%s': not valid JSON with base64 'auth' entries"
                .formatted(secretName),
            null);
      }
    }
    byte[] user = data.get("username");
    byte[] pass = data.get("password");
    if (user == null || pass == null) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "invalid '%s' secret data: requires '.dockerconfigjson' or both 'username' and 'password'"
              .formatted(secretName),
          null);
    }
    return new RegistryCredentials(
        new String(user, StandardCharsets.UTF_8), new String(pass, StandardCharsets.UTF_8));
  }
}
