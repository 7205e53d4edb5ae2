package io.flotilla.controllers.source;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The Secrets a source spec names ({@code secretRef}, {@code certSecretRef}), decoded. */
public final class SecretRefs {
  private SecretRefs() {}

  /**
   * The decoded data of the referenced Secret in {@code ns}, empty without a reference; a missing
   * Secret is a retryable {@code AuthenticationFailed} (it may be created later).
   */
  public static Map<String, byte[]> data(
      KubernetesClient client, String ns, LocalObjectReference ref) throws SourceException {
    if (ref == null || ref.name() == null) {
      return Map.of();
    }
    String name = ref.name();
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    if (secret == null) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to get secret '%s/%s': secrets \"%s\" not found".formatted(ns, name, name),
          null);
    }
    Map<String, byte[]> out = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  out.put(k, Base64.getDecoder().decode(v.getBytes(StandardCharsets.US_ASCII))));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
