package io.flotilla.controllers.bucket;

import io.flotilla.api.flux.source.BucketSpec;
import io.flotilla.source.bucket.AzureBlobBucketProvider;
import io.flotilla.source.bucket.AzureClientCredential;
import io.flotilla.source.bucket.BucketProvider;
import io.flotilla.source.bucket.S3BucketProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Picks and configures the provider a Bucket's {@code spec.provider} and Secret ask for. */
final class Providers {
  private Providers() {}

  static BucketProvider create(BucketSpec spec, Map<String, byte[]> secret, Duration timeout) {
    return create(spec, secret, Map.of(), timeout);
  }

  /** {@code tls} is the data of {@code spec.certSecretRef} (its {@code ca.crt}), maybe empty. */
  static BucketProvider create(
      BucketSpec spec, Map<String, byte[]> secret, Map<String, byte[]> tls, Duration timeout) {
    String provider = spec.provider() == null ? BucketSpec.GENERIC : spec.provider();
    String secretName = spec.secretRef() == null ? null : spec.secretRef().name();
    return switch (provider) {
      case BucketSpec.GENERIC, BucketSpec.AWS -> {
        String access = text(secret.get("accesskey"));
        String key = text(secret.get("secretkey"));
        if (secretName != null && (access == null || key == null)) {
          throw new IllegalArgumentException(
              "invalid '%s' secret data: required fields 'accesskey' and 'secretkey'"
                  .formatted(secretName));
        }
        yield S3BucketProvider.create(
            new S3BucketProvider.Options(
                spec.endpoint(),
                Boolean.TRUE.equals(spec.insecure()),
                spec.region(),
                access,
                key,
                timeout));
      }
      case BucketSpec.AZURE ->
          AzureBlobBucketProvider.create(
              spec.endpoint(), azureAuth(secretName, secret, timeout), timeout, tls.get("ca.crt"));
      case BucketSpec.GCP ->
          throw new IllegalArgumentException(
              "spec.provider 'gcp' is not supported; use 'generic' with the GCS S3 interoperability endpoint");
      default ->
          throw new IllegalArgumentException(
              "spec.provider '%s' is invalid: use one of generic, aws, gcp, azure"
                  .formatted(provider));
    };
  }

  private static AzureBlobBucketProvider.Auth azureAuth(
      String secretName, Map<String, byte[]> secret, Duration timeout) {
    if (secretName == null) {
      return new AzureBlobBucketProvider.Auth.Anonymous();
    }
    String tenant = text(secret.get("tenantId"));
    String client = text(secret.get("clientId"));
    String clientSecret = text(secret.get("clientSecret"));
    byte[] certificate = secret.get("clientCertificate");
    boolean hasCertificate = certificate != null && certificate.length > 0;
    // as Flux (pkg/azure blob client): a service principal first, then the shared key, then SAS
    if (tenant != null && client != null && (clientSecret != null || hasCertificate)) {
      try {
        AzureClientCredential credential =
            clientSecret != null
                ? AzureClientCredential.withSecret(tenant, client, clientSecret, timeout)
                : AzureClientCredential.withCertificate(
                    tenant,
                    client,
                    certificate,
                    text(secret.get("clientCertificatePassword")),
                    "true".equalsIgnoreCase(text(secret.get("clientCertificateSendChain"))),
                    timeout);
        return new AzureBlobBucketProvider.Auth.ServicePrincipal(credential);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid '%s' secret data: %s".formatted(secretName, e.getMessage()));
      }
    }
    String accountKey = text(secret.get("accountKey"));
    if (accountKey != null) {
      return new AzureBlobBucketProvider.Auth.AccountKey(accountKey);
    }
    String sas = text(secret.get("sasKey"));
    if (sas != null) {
      return new AzureBlobBucketProvider.Auth.Sas(sas);
    }
    throw new IllegalArgumentException(
        "invalid '%s' secret data: requires 'accountKey', 'sasKey', or 'tenantId', 'clientId' and 'clientSecret' or 'clientCertificate'"
            .formatted(secretName));
  }

  private static String text(byte[] value) {
    if (value == null) {
      return null;
    }
    String s = new String(value, StandardCharsets.UTF_8).strip();
    return s.isEmpty() ? null : s;
  }
}
