package io.flotilla.source.bucket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.source.SourceException;
import io.flotilla.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketFetcherTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** A bucket of one object whose listing takes two minutes. */
  private final BucketProvider slow =
      new BucketProvider() {
        @Override
        public boolean bucketExists(String bucket) {
          return true;
        }

        @Override
        public void visitObjects(String bucket, String prefix, ObjectVisitor visitor)
            throws java.io.IOException {
          clock.advance(Duration.ofMinutes(2));
          visitor.visit("app.yaml", "etag");
        }

        @Override
        public Optional<String> download(String bucket, String key, Path target, long maxBytes) {
          return Optional.empty();
        }

        @Override
        public void close() {}
      };

  /** The timeout reads as Go writes spec.timeout (1m30s), not as Java's PT1M30S. */
  @Test
  void aListingPastItsTimeoutSaysTheTimeoutAsGoWritesIt(@TempDir Path dir) {
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(90), 1 << 20, clock);
    assertThatThrownBy(() -> fetcher.index(slow, "podinfo", null, null, dir))
        .isInstanceOf(SourceException.class)
        .hasMessage(
            "indexation of objects from bucket 'podinfo' failed: context deadline exceeded"
                + " (timeout 1m30s) on bucket 'podinfo'");
  }
}
