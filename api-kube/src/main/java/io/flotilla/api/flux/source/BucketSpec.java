package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.RecordBuilder;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.util.function.Consumer;

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

  private static final BucketSpec EMPTY =
      new BucketSpec(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /**
   * A spec with only the provider, the bucket, the endpoint and the interval set; {@link #with}
   * sets the rest.
   */
  public static BucketSpec of(
      String provider, String bucketName, String endpoint, String interval) {
    return EMPTY.with(
        b -> {
          b.provider = provider;
          b.bucketName = bucketName;
          b.endpoint = endpoint;
          b.interval = interval;
        });
  }

  /** This spec with the fields {@code edit} sets on a {@link Builder} that starts as a copy. */
  public BucketSpec with(Consumer<Builder> edit) {
    return RecordBuilder.edit(new Builder(this), edit);
  }

  /** The fields to change, the one place that copies them all. */
  public static final class Builder extends RecordBuilder<BucketSpec> {
    public String provider;
    public String bucketName;
    public String endpoint;
    public Boolean insecure;
    public String region;
    public String prefix;
    public LocalObjectReference secretRef;
    public LocalObjectReference certSecretRef;
    public LocalObjectReference proxySecretRef;
    public String serviceAccountName;
    public String interval;
    public String timeout;
    public String ignore;
    public Boolean suspend;

    private Builder(BucketSpec s) {
      super(s);
    }
  }
}
