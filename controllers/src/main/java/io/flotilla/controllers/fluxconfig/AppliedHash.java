package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A digest of an object as this controller applies it, kept in an annotation on the object. Keyed
 * with a random per-process key, so the digest of a Secret says nothing about its content; a new
 * process simply applies everything once more.
 */
final class AppliedHash {
  static final String ANNOTATION = "clusterconfig.azure.com/applied-hash";
  private static final byte[] KEY = new byte[32];

  static {
    new SecureRandom().nextBytes(KEY);
  }

  private AppliedHash() {}

  /** HMAC-SHA256 of the object's JSON without the annotation itself, shortened. */
  static String of(KubernetesClient client, HasMetadata object) {
    var annotations = object.getMetadata().getAnnotations();
    String previous = annotations == null ? null : annotations.remove(ANNOTATION);
    try {
      String json = client.getKubernetesSerialization().asJson(object);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } finally {
      if (previous != null) {
        annotations.put(ANNOTATION, previous);
      }
    }
  }
}
