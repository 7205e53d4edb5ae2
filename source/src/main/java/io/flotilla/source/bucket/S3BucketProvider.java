package io.flotilla.source.bucket;

import io.flotilla.api.net.NetworkErrors;
import io.flotilla.source.BoundedCopy;
import io.flotilla.source.Redaction;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 API (providers {@code generic} and {@code aws}) through the AWS SDK v2: path-style
 * addressing, {@code http} when {@code insecure}, and chunked payload signing off, which
 * S3-compatible servers such as s3rver store verbatim otherwise.
 */
public final class S3BucketProvider implements BucketProvider {
  /** Where and how to connect; {@code endpoint} is {@code host[:port]} without scheme. */
  public record Options(
      String endpoint,
      boolean insecure,
      String region,
      String accessKey,
      String secretKey,
      Duration timeout) {
    @Override
    public String toString() {
      return "Options[endpoint=%s, insecure=%s, region=%s, accessKey=%s]"
          .formatted(endpoint, insecure, region, accessKey == null ? null : "***");
    }
  }

  private final S3Client client;
  private final NetworkErrors.Endpoint endpoint;

  private S3BucketProvider(S3Client client, NetworkErrors.Endpoint endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  public static S3BucketProvider create(Options o) {
    if (o.endpoint() == null || o.endpoint().isBlank()) {
      throw new IllegalArgumentException("spec.endpoint is required, e.g. 's3.amazonaws.com'");
    }
    if (o.endpoint().contains("://")) {
      throw new IllegalArgumentException(
          "spec.endpoint '%s' must not contain a scheme: write the host[:port] only and set spec.insecure for http"
              .formatted(Redaction.url(o.endpoint())));
    }
    AwsCredentialsProvider credentials =
        o.accessKey() == null
            ? AnonymousCredentialsProvider.create()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(o.accessKey(), o.secretKey()));
    Duration timeout = o.timeout() == null ? Duration.ofSeconds(60) : o.timeout();
    URI url = URI.create((o.insecure() ? "http://" : "https://") + o.endpoint());
    S3Client client =
        S3Client.builder()
            .endpointOverride(url)
            .region(
                Region.of(o.region() == null || o.region().isBlank() ? "us-east-1" : o.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(true)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                c ->
                    c.apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout)
                        .retryStrategy(RetryMode.STANDARD))
            .build();
    return new S3BucketProvider(client, NetworkErrors.Endpoint.of(url));
  }

  @Override
  public boolean bucketExists(String bucket) throws IOException {
    try {
      client.headBucket(b -> b.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw wrap(e);
    } catch (SdkException e) {
      throw wrap(e);
    }
  }

  @Override
  public void visitObjects(String bucket, String prefix, ObjectVisitor visitor) throws IOException {
    try {
      var pages =
          client.listObjectsV2Paginator(
              ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build());
      for (var page : pages) {
        for (S3Object o : page.contents()) {
          visitor.visit(o.key(), ETags.unquoted(o.eTag()));
        }
      }
    } catch (SdkException e) {
      throw wrap(e);
    }
  }

  @Override
  public Optional<String> download(String bucket, String key, Path target, long maxBytes)
      throws IOException {
    try (ResponseInputStream<GetObjectResponse> in =
        client.getObject(b -> b.bucket(bucket).key(key))) {
      Long length = in.response().contentLength();
      if (length != null && length > maxBytes) {
        throw new BucketFetcher.TooLargeException();
      }
      Files.createDirectories(target.getParent());
      BoundedCopy.toFile(in, target, maxBytes, null, BucketFetcher.TooLargeException::new);
      return Optional.of(ETags.unquoted(in.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw wrap(e);
    } catch (SdkException e) {
      throw wrap(e);
    }
  }

  private IOException wrap(SdkException e) {
    String network = NetworkErrors.describe(e, endpoint, NetworkErrors.CERT_SECRET_HINT);
    if (network != null) {
      return new IOException(network, e);
    }
    String msg = e.getMessage();
    if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
      var d = s3.awsErrorDetails();
      msg =
          (d.errorMessage() == null ? d.errorCode() : d.errorMessage())
              + " (status "
              + s3.statusCode()
              + (d.errorCode() == null ? "" : ", " + d.errorCode())
              + ")";
    }
    return new IOException(Redaction.message(msg));
  }

  @Override
  public void close() {
    client.close();
  }
}
