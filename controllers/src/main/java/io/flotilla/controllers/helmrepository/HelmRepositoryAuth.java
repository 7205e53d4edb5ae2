package io.flotilla.controllers.helmrepository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.HelmRepositorySpec;
import io.flotilla.controllers.source.SecretRefs;
import io.flotilla.source.SourceException;
import io.flotilla.source.helm.RepositoryOptions;
import io.flotilla.source.oci.OciClient;
import io.flotilla.source.oci.TlsContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A HelmRepository's credentials as Flux's getter options make them: {@code secretRef} holds {@code
 * username}/{@code password} (or, for OCI, a {@code kubernetes.io/dockerconfigjson}), {@code
 * certSecretRef} holds {@code ca.crt} and {@code tls.crt}/{@code tls.key}. Shared by the HelmChart
 * reconciler, which pulls with the repository's credentials.
 */
public final class HelmRepositoryAuth {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HelmRepositoryAuth() {}

  /** Options for an http(s) repository. */
  public static RepositoryOptions http(KubernetesClient client, String ns, HelmRepositorySpec spec)
      throws SourceException {
    Map<String, byte[]> auth = secret(client, ns, spec.secretRef());
    Map<String, byte[]> tls = secret(client, ns, spec.certSecretRef());
    SSLContext ssl = tls(tls.isEmpty() ? auth : tls);
    return new RepositoryOptions(
        string(auth, "username"),
        string(auth, "password"),
        ssl,
        Boolean.TRUE.equals(spec.passCredentials()),
        timeout(spec));
  }

  /** Options for an OCI registry; {@code insecure} means plain http. */
  public static OciClient.Options oci(KubernetesClient client, String ns, HelmRepositorySpec spec)
      throws SourceException {
    Map<String, byte[]> auth = secret(client, ns, spec.secretRef());
    String user = string(auth, "username");
    String password = string(auth, "password");
    byte[] docker = auth.get(".dockerconfigjson");
    if (user == null && docker != null) {
      String[] login = dockerLogin(docker, registryHost(spec.url()), spec.secretRef().name());
      user = login[0];
      password = login[1];
    }
    SSLContext ssl = tls(secret(client, ns, spec.certSecretRef()));
    return new OciClient.Options(
        Boolean.TRUE.equals(spec.insecure()), ssl, user, password, timeout(spec));
  }

  public static Duration timeout(HelmRepositorySpec spec) {
    try {
      return GoDuration.parse(
          spec.timeout() == null ? HelmRepositorySpec.DEFAULT_TIMEOUT : spec.timeout());
    } catch (IllegalArgumentException e) {
      return Duration.ofSeconds(60);
    }
  }

  private static String registryHost(String url) {
    String rest = url.substring(url.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static String[] dockerLogin(byte[] config, String host, String secretName)
      throws SourceException {
    try {
      JsonNode auths = JSON.readTree(config).path("auths");
      JsonNode entry = auths.path(host);
      if (entry.isMissingNode()) {
        entry = auths.path("https://" + host);
      }
      if (entry.isMissingNode()) {
        throw SourceException.retryable(
            Reasons.AUTHENTICATION_FAILED,
            "secret '%s' has no credentials for registry '%s' in .dockerconfigjson"
                .formatted(secretName, host),
            null);
      }
      if (entry.hasNonNull("username")) {
        return new String[] {entry.path("username").asText(), entry.path("password").asText()};
      }
      String decoded =
          new String(
              Base64.getDecoder().decode(entry.path("auth").asText()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return new String[] {decoded.substring(0, Math.max(colon, 0)), decoded.substring(colon + 1)};
    } catch (IOException | IllegalArgumentException e) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "secret '%s': .dockerconfigjson is not valid: %s"
              .formatted(secretName, e.getClass().getSimpleName()),
          null);
    }
  }

  private static SSLContext tls(Map<String, byte[]> data) throws SourceException {
    try {
      return TlsContexts.fromSecret(data);
    } catch (IllegalArgumentException e) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to construct Helm client's TLS config: " + e.getMessage(),
          null);
    }
  }

  private static String string(Map<String, byte[]> data, String key) {
    byte[] v = data.get(key);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> secret(
      KubernetesClient client, String ns, LocalObjectReference ref) throws SourceException {
    return SecretRefs.data(client, ns, ref);
  }
}
