package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.LocalObjectReference;

/**
 * {@code Bucket.spec}. {@code endpoint} has no scheme ({@code insecure} selects http); {@code
 * provider} is {@code generic} (default), {@code aws}, {@code gcp} or {@code azure}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BucketSpec(
    String provider,
    String bucketName,
    String endpoint,
    Boolean insecure,
    String region,
    String prefix,
    LocalObjectReference secretRef,
    LocalObjectReference certSecretRef,
    LocalObjectReference proxySecretRef,
    String serviceAccountName,
    String interval,
    String timeout,
    String ignore,
    Boolean suspend)
    implements SourceSpec {

  public static final String GENERIC = "generic";
  public static final String AWS = "aws";
  public static final String GCP = "gcp";
  public static final String AZURE = "azure";

  /** Flux's default when {@code timeout} is unset. */
  public static final String DEFAULT_TIMEOUT = "60s";
}
