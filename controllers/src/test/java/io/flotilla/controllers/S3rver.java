package io.flotilla.controllers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketSpec;
import io.flotilla.testkit.ClusterHarness;
import io.flotilla.testkit.git.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * s3rver (an S3 server, from the tools cache {@code .ci/run} fills, {@link Processes#npmTool}) on
 * 127.0.0.1, and an S3 client for it. A test that needs it is skipped, saying why, where it is not
 * installed.
 */
public final class S3rver implements AutoCloseable {
  /** s3rver's fixed access key id and secret. */
  public static final String KEY = "S3RVER";

  private final Process process;
  private final int port;
  private final S3Client s3;

  private S3rver(Process process, int port) {
    this.process = process;
    this.port = port;
    this.s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY)))
            .forcePathStyle(true)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .build();
  }

  /** Starts s3rver with its data under {@code dir}, or skips the calling test. */
  public static S3rver startOrSkip(Path dir) throws IOException {
    Path bin = Processes.npmTool("s3rver");
    assumeTrue(bin != null, "s3rver is not installed (run .ci/run)");
    int port = Processes.freePort();
    return new S3rver(Processes.serve(dir, Processes.s3rver(bin), port), port);
  }

  /** {@code host:port}, as a Bucket's {@code spec.endpoint} takes it. */
  public String endpoint() {
    return "127.0.0.1:" + port;
  }

  public S3rver createBucket(String bucket) {
    s3.createBucket(b -> b.bucket(bucket));
    return this;
  }

  public S3rver put(String bucket, String key, String text) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text));
    return this;
  }

  /** Uploads every file under {@code dir} as {@code <prefix>/<relative path>}. */
  public S3rver putTree(String bucket, String prefix, Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        String key = prefix + "/" + dir.relativize(f).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates Secret {@code default/s3-creds} with s3rver's key and Bucket {@code default/name} of
   * {@code bucket} here (generic, insecure, with that Secret, every {@code interval}); {@code more}
   * sets its other fields.
   */
  public void createSource(
      ClusterHarness<?> cluster,
      String name,
      String bucket,
      String interval,
      Consumer<BucketSpec.Builder> more) {
    cluster.secret("default", "s3-creds", Map.of("accesskey", KEY, "secretkey", KEY));
    Bucket source = new Bucket();
    source.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    source.setSpec(
        BucketSpec.of(BucketSpec.GENERIC, bucket, endpoint(), interval)
            .with(
                b -> {
                  b.insecure = true;
                  b.secretRef = new LocalObjectReference("s3-creds");
                  more.accept(b);
                }));
    cluster.client().resource(source).create();
  }

  @Override
  public void close() {
    s3.close();
    Processes.stop(process);
  }
}
