package io.flotilla.source.bucket;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One storage backend, as narrow as source-controller's: does the bucket exist, visit its objects,
 * download one. Implementations throw {@link IOException} with messages free of credentials.
 */
public interface BucketProvider extends AutoCloseable {

  /** Receives each listed object's key and ETag. */
  @FunctionalInterface
  interface ObjectVisitor {
    void visit(String key, String etag) throws IOException;
  }

  boolean bucketExists(String bucket) throws IOException;

  /** Lists the objects under {@code prefix} (null = all) with their ETags. */
  void visitObjects(String bucket, String prefix, ObjectVisitor visitor) throws IOException;

  /**
   * Downloads one object into {@code target} (parents created), refusing more than {@code
   * maxBytes}; returns its ETag, or empty when the object does not exist.
   */
  Optional<String> download(String bucket, String key, Path target, long maxBytes)
      throws IOException;

  @Override
  void close();
}
