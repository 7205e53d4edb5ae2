package io.flotilla.controllers.image;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.image.ImageRepository;
import io.flotilla.api.flux.image.ImageRepositorySpec;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.source.RegistryCredentials;
import io.flotilla.controllers.source.SecretRefs;
import io.flotilla.source.SourceException;
import io.flotilla.source.oci.OciClient;
import io.flotilla.source.oci.TlsContexts;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A registry client for an ImageRepository: its {@code secretRef} (a docker-registry Secret or
 * username/password), {@code certSecretRef} ({@code ca.crt}, {@code tls.crt}/{@code tls.key}),
 * {@code insecure} (plain http), timeout, and {@code provider: azure} ({@link AcrLogin}) without a
 * secretRef.
 */
final class RegistryAccess {
  private RegistryAccess() {}

  static OciClient client(
      KubernetesClient client, ImageRepository repo, ImageReference ref, Map<String, String> env)
      throws ReconcileException {
    ImageRepositorySpec spec = repo.getSpec();
    String ns = repo.getMetadata().getNamespace();
    try {
      RegistryCredentials creds =
          RegistryCredentials.of(
              SecretRefs.data(client, ns, spec.secretRef()),
              ref.registry(),
              spec.secretRef() == null ? null : spec.secretRef().name());
      SSLContext ssl = null;
      if (spec.certSecretRef() != null) {
        try {
          ssl = TlsContexts.fromSecret(SecretRefs.data(client, ns, spec.certSecretRef()));
        } catch (IllegalArgumentException e) {
          throw new ReconcileException(
              Reasons.AUTHENTICATION_FAILED,
              "failed to create TLS config from secret '%s': %s"
                  .formatted(spec.certSecretRef().name(), e.getMessage()),
              false);
        }
      }
      if (spec.secretRef() == null && spec.provider() == ImageRepositorySpec.Provider.AZURE) {
        // as Flux: a secretRef's credentials come first, the provider logs in without one
        creds = AcrLogin.login(env, ref.registry(), spec.isInsecure(), ssl, timeout(spec));
      }
      return new OciClient(
          ref.oci(),
          new OciClient.Options(
              spec.isInsecure(), ssl, creds.user(), creds.password(), timeout(spec)));
    } catch (SourceException e) {
      throw new ReconcileException(e.reason(), e.getMessage(), e.terminal());
    }
  }

  /** {@code spec.timeout}, else the interval; at least a second, as Flux. */
  static Duration timeout(ImageRepositorySpec spec) {
    Duration d;
    try {
      d = GoDuration.parse(spec.timeout() != null ? spec.timeout() : spec.interval());
    } catch (IllegalArgumentException e) {
      d = Duration.ofMinutes(1);
    }
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }
}
