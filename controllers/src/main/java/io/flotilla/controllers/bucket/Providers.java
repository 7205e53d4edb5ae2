package io.flotilla.controllers.bucket;

import io.flotilla.api.flux.source.BucketSpec;
import io.flotilla.source.bucket.AzureBlobBucketProvider;
import io.flotilla.source.bucket.BucketProvider;
import io.flotilla.source.bucket.S3BucketProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Picks and configures the provider a Bucket's {@code spec.provider} and Secret ask for. */
final class Providers {
  private Providers() {}

  static BucketProvider create(BucketSpec spec, Map<String, byte[]> secret, Duration timeout) {
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
          AzureBlobBucketProvider.create(spec.endpoint(), azureAuth(secretName, secret), timeout);
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
      String secretName, Map<String, byte[]> secret) {
    if (secretName == null) {
      return new AzureBlobBucketProvider.Auth.Anonymous();
    }
    String tenant = text(secret.get("tenantId"));
    String client = text(secret.get("clientId"));
    String clientSecret = text(secret.get("clientSecret"));
    String certificate = text(secret.get("clientCertificate"));
    if (tenant != null && client != null && (clientSecret != null || certificate != null)) {
      throw new IllegalArgumentException(
          "invalid '%s' secret data: service principal authentication (tenantId, clientId, clientSecret or clientCertificate) is not supported yet; use 'accountKey' or 'sasKey'"
              .formatted(secretName));
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
