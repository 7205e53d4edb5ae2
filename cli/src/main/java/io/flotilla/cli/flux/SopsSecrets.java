package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * SOPS-encrypted Secrets in {@code flux diff}, as flux's build treats them: it never decrypts; a
 * value still encrypted is masked, and the diff reports such a Secret only when its keys differ
 * from the live object's (the live value stands in for a masked one).
 */
final class SopsSecrets {
  static final String MASK = "**SOPS**";
  private static final String MASK_BASE64 =
      Base64.getEncoder().encodeToString(MASK.getBytes(StandardCharsets.UTF_8));

  private SopsSecrets() {}

  /**
   * Masks the encrypted values of {@code secret} and drops its {@code sops} metadata: every value
   * of a Secret encrypted whole, else each value that is itself a SOPS document. Returns the masked
   * keys.
   */
  static Set<String> mask(ObjectNode secret) {
    Set<String> masked = new LinkedHashSet<>();
    boolean whole = secret.path("sops").path("mac").asText("").startsWith("ENC[");
    if (whole) {
      secret.remove("sops");
    }
    if (secret.get("data") instanceof ObjectNode data) {
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (whole || encrypted(decoded(e.getValue().asText()))) {
          e.setValue(data.textNode(MASK_BASE64));
          masked.add(e.getKey());
        }
      }
    }
    if (secret.get("stringData") instanceof ObjectNode stringData) {
      for (Iterator<Map.Entry<String, JsonNode>> it = stringData.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (whole || encrypted(e.getValue().asText())) {
          e.setValue(stringData.textNode(MASK));
          masked.add(e.getKey());
        }
      }
    }
    return masked;
  }

  /** Where the live Secret has a masked key, its value stands in: only key changes show. */
  static void takeLive(ObjectNode desired, ObjectNode live, Set<String> maskedKeys) {
    JsonNode liveData = live.path("data");
    for (String key : maskedKeys) {
      JsonNode value = liveData.get(key);
      if (value == null) {
        continue;
      }
      if (desired.get("stringData") instanceof ObjectNode sd && sd.has(key)) {
        sd.remove(key);
      }
      desired.with("data").set(key, value);
    }
  }

  private static boolean encrypted(String value) {
    return value.contains("sops") && value.contains("ENC[");
  }

  private static String decoded(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
