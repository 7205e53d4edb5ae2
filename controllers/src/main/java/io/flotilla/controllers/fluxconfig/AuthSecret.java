package io.flotilla.controllers.fluxconfig;

import io.flotilla.api.arm.GitRepositoryDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the Git auth Secret's data with Flux's keys from the configuration's plain fields and its
 * protected settings (both base64 as the API carries them): {@code sshPrivateKey → identity},
 * {@code sshKnownHosts → known_hosts}, {@code httpsUser + httpsKey → username/password}, {@code
 * httpsCACert → ca.crt}.
 */
final class AuthSecret {
  private AuthSecret() {}

  /** Secret {@code stringData}; empty when the configuration needs no credentials. */
  static Map<String, String> gitData(
      GitRepositoryDefinition git, Map<String, String> protectedSettings) {
    Map<String, String> data = new LinkedHashMap<>();
    if (git == null || git.localAuthRef() != null) {
      return data;
    }
    String key = protectedSettings.get("sshPrivateKey");
    if (key != null) {
      data.put("identity", decode("sshPrivateKey", key));
    }
    if (git.sshKnownHosts() != null) {
      data.put("known_hosts", decode("sshKnownHosts", git.sshKnownHosts()));
    }
    String httpsKey = protectedSettings.get("httpsKey");
    if (git.httpsUser() != null && httpsKey != null) {
      data.put("username", git.httpsUser());
      data.put("password", decode("httpsKey", httpsKey));
    }
    if (git.httpsCACert() != null) {
      data.put("ca.crt", decode("httpsCACert", git.httpsCACert()));
    }
    return data;
  }

  private static String decode(String field, String base64) {
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not valid base64", e);
    }
  }
}
