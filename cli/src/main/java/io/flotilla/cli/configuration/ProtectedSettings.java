package io.flotilla.cli.configuration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code configurationProtectedSettings} as az builds them: {@code sshPrivateKey} is the base64
 * {@code --ssh-private-key} as given or the key file base64-encoded; {@code httpsKey} and {@code
 * bucketSecretKey} are base64 of the clear value. Empty when nothing is given (then omitted).
 */
public final class ProtectedSettings {
  static final String SSH_PRIVATE_KEY = "sshPrivateKey";
  static final String HTTPS_KEY = "httpsKey";
  static final String BUCKET_SECRET_KEY = "bucketSecretKey";

  private ProtectedSettings() {}

  static Map<String, String> of(
      String sshPrivateKey, String sshPrivateKeyFile, String httpsKey, String bucketSecretKey) {
    Map<String, String> settings = new LinkedHashMap<>();
    String ssh = KeyData.fromKeyOrFile(sshPrivateKey, sshPrivateKeyFile, false);
    if (KeyData.notEmpty(ssh)) {
      settings.put(SSH_PRIVATE_KEY, ssh);
    }
    if (KeyData.notEmpty(httpsKey)) {
      settings.put(HTTPS_KEY, base64(httpsKey));
    }
    if (KeyData.notEmpty(bucketSecretKey)) {
      settings.put(BUCKET_SECRET_KEY, base64(bucketSecretKey));
    }
    if (settings.containsKey(SSH_PRIVATE_KEY)) {
      SshKeys.validatePrivateKey(settings.get(SSH_PRIVATE_KEY));
    }
    return settings;
  }

  public static String base64(String clear) {
    return Base64.getEncoder().encodeToString(clear.getBytes(StandardCharsets.UTF_8));
  }
}
