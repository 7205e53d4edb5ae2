package io.flotilla.source.bucket;

import io.flotilla.source.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The listing of a bucket as source-controller indexes it: object key to ETag. Its revision is
 * {@code sha256:} over the lines {@code "<key> <etag>\n"} in key order, so an unchanged bucket
 * keeps its revision and any added, removed or rewritten object changes it.
 */
public final class BucketIndex {
  private final TreeMap<String, String> entries = new TreeMap<>();

  public BucketIndex() {}

  public BucketIndex(Map<String, String> entries) {
    this.entries.putAll(entries);
  }

  synchronized void put(String key, String etag) {
    entries.put(key, etag);
  }

  synchronized void remove(String key) {
    entries.remove(key);
  }

  public synchronized Map<String, String> entries() {
    return Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  public synchronized int size() {
    return entries.size();
  }

  /** {@code sha256:<hex>} of the sorted {@code key etag} lines. */
  public synchronized String revision() {
    MessageDigest sha = Sha256.digest();
    // TreeMap orders by UTF-16 code units; Go's sort.Strings orders by bytes. They agree for the
    // BMP, which is all object keys use in practice.
    entries.forEach((k, v) -> sha.update((k + " " + v + "\n").getBytes(StandardCharsets.UTF_8)));
    return Sha256.named(sha);
  }
}
