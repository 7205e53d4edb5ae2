package io.flotilla.controllers.gitrepository;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.source.SourceException;
import io.flotilla.source.git.GitCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Reads {@code spec.secretRef} into {@link GitCredentials}, with Flux's messages. */
public final class SecretCredentials {
  private SecretCredentials() {}

  /**
   * @throws SourceException {@code AuthenticationFailed}: retryable when the secret cannot be read
   *     (it may appear later), terminal when its keys are unusable for the URL
   */
  public static GitCredentials load(KubernetesClient client, String ns, GitRepositorySpec spec)
      throws SourceException {
    Map<String, byte[]> data = null;
    if (spec.secretRef() != null && spec.secretRef().name() != null) {
      data = read(client, ns, spec.secretRef().name(), "");
    }
    return GitCredentials.fromSecret(spec.url(), data);
  }

  /**
   * The decoded data of secret {@code name}, for the spec field {@code what} refers to it from.
   *
   * @throws SourceException {@code AuthenticationFailed}, retryable, when it cannot be read
   */
  static Map<String, byte[]> data(KubernetesClient client, String ns, String name, String what)
      throws SourceException {
    return read(client, ns, name, what + " ");
  }

  /**
   * Secret {@code name}'s decoded data; {@code label} names its use in messages ("" or "proxy ").
   */
  private static Map<String, byte[]> read(
      KubernetesClient client, String ns, String name, String label) throws SourceException {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(ns).withName(name).get();
    } catch (KubernetesClientException e) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to get %ssecret '%s/%s': %s".formatted(label, ns, name, e.getMessage()),
          null);
    }
    if (secret == null) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to get %ssecret '%s/%s': secrets \"%s\" not found"
              .formatted(label, ns, name, name),
          null);
    }
    return decoded(secret);
  }

  private static Map<String, byte[]> decoded(Secret secret) {
    Map<String, byte[]> out = new HashMap<>();
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  out.put(
                      k, Base64.getMimeDecoder().decode(v.getBytes(StandardCharsets.US_ASCII))));
    }
    return out;
  }
}
