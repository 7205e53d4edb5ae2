package io.flotilla.source.bucket;

import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.SourceIgnore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source-controller's two bucket steps: {@link #index} lists the bucket (filtered by its root
 * {@code .sourceignore} and {@code spec.ignore}) into a {@link BucketIndex} whose revision tells
 * whether anything changed; {@link #fetch} downloads the indexed objects into a directory, bounded
 * in total size and by the timeout.
 */
public final class BucketFetcher {
  /** source-controller's reason for listing and download failures. */
  public static final String BUCKET_OPERATION_FAILED = "BucketOperationFailed";

  static final String IGNORE_FILE = ".sourceignore";
  private static final Logger log = LoggerFactory.getLogger(BucketFetcher.class);
  private static final Pattern UNSAFE_SEGMENT = Pattern.compile("^(|\\.|\\.\\.)$");

  private final Duration timeout;
  private final long maxBytes;
  private final Clock clock;

  /**
   * @param timeout bound for each of the two steps
   * @param maxBytes bound on the summed size of the downloaded objects
   */
  public BucketFetcher(Duration timeout, long maxBytes) {
    this(timeout, maxBytes, Clock.systemUTC());
  }

  BucketFetcher(Duration timeout, long maxBytes, Clock clock) {
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /**
   * Lists {@code bucket} under {@code prefix}, dropping directory markers, {@code .sourceignore},
   * keys that are not safe relative paths and keys the ignore rules exclude. The root {@code
   * .sourceignore}, if any, is downloaded into {@code dir}.
   */
  public BucketIndex index(
      BucketProvider provider, String bucket, String prefix, String specIgnore, Path dir)
      throws SourceException {
    Instant deadline = clock.instant().plus(timeout);
    boolean exists;
    try {
      exists = provider.bucketExists(bucket);
    } catch (IOException e) {
      throw failed(
          "failed to confirm existence of '%s' bucket: %s".formatted(bucket, e.getMessage()), e);
    }
    if (!exists) {
      throw failed("bucket '%s' not found".formatted(bucket), null);
    }
    String ignoreText = null;
    try {
      Path ignoreFile = dir.resolve(IGNORE_FILE);
      if (provider.download(bucket, IGNORE_FILE, ignoreFile, 1L << 20).isPresent()) {
        ignoreText = Files.readString(ignoreFile, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw failed(
          "failed to get Etag for '%s' object: %s".formatted(IGNORE_FILE, e.getMessage()), e);
    }
    java.util.function.Predicate<String> excluded = SourceIgnore.keyMatcher(ignoreText, specIgnore);
    BucketIndex index = new BucketIndex();
    try {
      provider.visitObjects(
          bucket,
          prefix == null || prefix.isEmpty() ? null : prefix,
          (key, etag) -> {
            checkDeadline(deadline, bucket);
            if (key.endsWith("/") || key.equals(IGNORE_FILE) || excluded.test(key)) {
              return;
            }
            if (!safe(key)) {
              log.warn(
                  "skipping object '{}' of bucket '{}': not a safe relative path", key, bucket);
              return;
            }
            index.put(key, etag);
          });
    } catch (IOException e) {
      throw failed(
          "indexation of objects from bucket '%s' failed: %s".formatted(bucket, e.getMessage()), e);
    }
    return index;
  }

  /**
   * Downloads every object of {@code index} into {@code dir}; objects that disappeared meanwhile
   * leave the index, objects rewritten meanwhile update their ETag (so the revision describes what
   * was downloaded).
   */
  public void fetch(BucketProvider provider, String bucket, BucketIndex index, Path dir)
      throws SourceException {
    Instant deadline = clock.instant().plus(timeout);
    AtomicLong total = new AtomicLong();
    for (Map.Entry<String, String> e : index.entries().entrySet()) {
      String key = e.getKey();
      Path target = dir.resolve(key).normalize();
      if (!target.startsWith(dir.normalize())) {
        index.remove(key);
        continue;
      }
      try {
        checkDeadline(deadline, bucket);
        long left = maxBytes - total.get();
        Optional<String> etag = provider.download(bucket, key, target, left);
        if (etag.isEmpty()) {
          log.info("indexed object '{}' disappeared from '{}' bucket", key, bucket);
          index.remove(key);
          continue;
        }
        if (!etag.get().equals(e.getValue())) {
          index.put(key, etag.get());
        }
        if (total.addAndGet(Files.size(target)) > maxBytes) {
          throw new TooLargeException();
        }
      } catch (TooLargeException ex) {
        throw failed(
            "fetch from bucket '%s' failed: objects exceed the maximum artifact size of %d bytes"
                .formatted(bucket, maxBytes),
            null);
      } catch (IOException ex) {
        throw failed(
            "fetch from bucket '%s' failed: failed to get '%s' object: %s"
                .formatted(bucket, key, ex.getMessage()),
            ex);
      }
    }
  }

  /** Thrown by providers when an object is larger than the bytes left. */
  public static final class TooLargeException extends IOException {
    public TooLargeException() {
      super("object exceeds the size limit");
    }
  }

  private void checkDeadline(Instant deadline, String bucket) throws IOException {
    if (clock.instant().isAfter(deadline)) {
      throw new IOException(
          "context deadline exceeded (timeout %s) on bucket '%s'"
              .formatted(GoDuration.format(timeout), bucket));
    }
  }

  static boolean safe(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
      return false;
    }
    for (String seg : key.split("/", -1)) {
      if (UNSAFE_SEGMENT.matcher(seg).matches()) {
        return false;
      }
    }
    return true;
  }

  private static SourceException failed(String message, Throwable cause) {
    return SourceException.retryable(BUCKET_OPERATION_FAILED, message, cause);
  }
}
