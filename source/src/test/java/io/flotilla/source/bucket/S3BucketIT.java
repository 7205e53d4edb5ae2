package io.flotilla.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.source.SourceException;
import io.flotilla.testkit.git.Processes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The S3 provider and the fetcher against s3rver on 127.0.0.1. */
class S3BucketIT {
  @TempDir static Path work;
  @AutoClose static LocalServer server;
  @AutoClose static S3Client admin;

  @BeforeAll
  static void start() throws Exception {
    Path bin = Processes.npmTool("s3rver");
    assumeTrue(bin != null, "s3rver is not installed (run .ci/run or npm install s3rver)");
    server = LocalServer.start(work.resolve("s3rver"), Processes.s3rver(bin));
    admin =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.port))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("S3RVER", "S3RVER")))
            .forcePathStyle(true)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .build();
    admin.createBucket(b -> b.bucket("manifests"));
    put("manifests", "apps/deploy.yaml", "kind: Deployment\n");
    put("manifests", "apps/svc.yaml", "kind: Service\n");
    put("manifests", "infra/ns.yaml", "kind: Namespace\n");
    put("manifests", "docs/readme.md", "# docs\n");
    put("manifests", ".sourceignore", "docs/\n");
  }

  static void put(String bucket, String key, String content) {
    admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  S3BucketProvider provider(String access, String secret) {
    return S3BucketProvider.create(
        new S3BucketProvider.Options(
            "127.0.0.1:" + server.port, true, null, access, secret, Duration.ofSeconds(10)));
  }

  /**
   * Asserts that listing {@code bucket} through {@code provider} fails; the failure, to inspect.
   */
  static AbstractThrowableAssert<?, ? extends Throwable> assertIndexRefused(
      S3BucketProvider provider, String bucket, Path dir) {
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (provider) {
      return assertThatThrownBy(() -> fetcher.index(provider, bucket, null, null, dir))
          .isInstanceOf(SourceException.class);
    }
  }

  @Test
  void fetchesTheBucketMinusSourceIgnoredKeysWithAStableRevision(@TempDir Path dir)
      throws Exception {
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (var p = provider("S3RVER", "S3RVER")) {
      BucketIndex index = fetcher.index(p, "manifests", null, null, dir);
      assertThat(index.entries().keySet())
          .containsExactly("apps/deploy.yaml", "apps/svc.yaml", "infra/ns.yaml");
      fetcher.fetch(p, "manifests", index, dir);
      assertThat(Files.readString(dir.resolve("apps/deploy.yaml"))).isEqualTo("kind: Deployment\n");
      assertThat(dir.resolve("docs")).doesNotExist();
      assertThat(index.revision()).matches("sha256:[0-9a-f]{64}");

      BucketIndex again =
          fetcher.index(p, "manifests", null, null, Files.createTempDirectory(dir, "x"));
      assertThat(again.revision()).isEqualTo(index.revision());

      put("manifests", "infra/extra.yaml", "kind: ConfigMap\n");
      BucketIndex changed =
          fetcher.index(p, "manifests", null, null, Files.createTempDirectory(dir, "y"));
      assertThat(changed.revision()).isNotEqualTo(index.revision());
      admin.deleteObject(b -> b.bucket("manifests").key("infra/extra.yaml"));
    }
  }

  @Test
  void prefixAndSpecIgnoreNarrowTheListing(@TempDir Path dir) throws Exception {
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (var p = provider("S3RVER", "S3RVER")) {
      assertThat(fetcher.index(p, "manifests", "apps/", null, dir).entries().keySet())
          .containsExactly("apps/deploy.yaml", "apps/svc.yaml");
      assertThat(fetcher.index(p, "manifests", null, "*.yaml\n!ns.yaml\n", dir).entries().keySet())
          .containsExactly("infra/ns.yaml");
    }
  }

  @Test
  void aMissingBucketIsNamed(@TempDir Path dir) {
    assertIndexRefused(provider("S3RVER", "S3RVER"), "nope", dir)
        .hasMessage("bucket 'nope' not found")
        .extracting(e -> ((SourceException) e).reason())
        .isEqualTo("BucketOperationFailed");
  }

  @Test
  void wrongCredentialsFailWithoutShowingTheSecret(@TempDir Path dir) {
    assertIndexRefused(provider("AKIAWRONG", "wrong-secret-value"), "manifests", dir)
        .hasMessageContaining("manifests")
        .hasMessageNotContaining("wrong-secret-value");
  }

  @Test
  void objectsBeyondTheSizeLimitAreRefused(@TempDir Path dir) throws Exception {
    admin.createBucket(b -> b.bucket("big"));
    put("big", "large.yaml", "x".repeat(4096));
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1024);
    try (var p = provider("S3RVER", "S3RVER")) {
      BucketIndex index = fetcher.index(p, "big", null, null, dir);
      assertThatThrownBy(() -> fetcher.fetch(p, "big", index, dir))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("exceed the maximum artifact size of 1024 bytes");
    }
  }

  @Test
  void aServerThatIsDownIsReported(@TempDir Path dir) throws Exception {
    int port = Processes.freePort();
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(5), 1 << 20);
    try (var p =
        S3BucketProvider.create(
            new S3BucketProvider.Options(
                "127.0.0.1:" + port, true, null, "S3RVER", "S3RVER", Duration.ofSeconds(2)))) {
      assertThatThrownBy(() -> fetcher.index(p, "manifests", null, null, dir))
          .isInstanceOf(SourceException.class)
          .hasMessageStartingWith("failed to confirm existence of 'manifests' bucket");
    }
  }
}
