package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code properties.bucket}: an S3-compatible bucket. The secret key is a protected setting. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BucketDefinition(
    String url,
    String bucketName,
    Boolean insecure,
    Long timeoutInSeconds,
    Long syncIntervalInSeconds,
    String accessKey,
    String localAuthRef) {}
