package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the applier last saw of each object, by resourceVersion: a dry-run that answers with the
 * same resourceVersion is about the very object we saw, so the GET Flux makes before every dry-run
 * can be skipped. Only a digest of the comparable part ({@link Drift#normalise}) is kept, about 200
 * bytes per object, and only for objects that need no metadata cleanup.
 */
final class LastSeen {
  /** Forget everything beyond this many objects rather than grow without bound. */
  static final int MAX = 200_000;

  record Seen(String resourceVersion, byte[] digest, boolean excluded) {}

  private final Map<ObjectRef, Seen> byRef = new ConcurrentHashMap<>();
  private final String fieldManager;

  LastSeen(String fieldManager) {
    this.fieldManager = fieldManager;
  }

  /** The live object as last seen, if it is still at {@code resourceVersion}. */
  Seen at(ObjectRef ref, String resourceVersion) {
    Seen seen = byRef.get(ref);
    return seen != null && seen.resourceVersion().equals(resourceVersion) ? seen : null;
  }

  /** Records a live object (read, or returned by a write). */
  void remember(ObjectRef ref, GenericKubernetesResource live) {
    String rv = live == null ? null : live.getMetadata().getResourceVersion();
    if (rv == null || rv.isEmpty()) {
      return;
    }
    Map<String, Object> tree = Tree.of(live);
    if (MetadataCleanup.patch(tree, fieldManager).isPresent()) {
      byRef.remove(ref); // the next apply must read it and hand kubectl's fields over
      return;
    }
    if (byRef.size() >= MAX) {
      byRef.clear();
    }
    byRef.put(ref, new Seen(rv, digest(tree), FluxMetadata.excluded(live)));
  }

  void forget(ObjectRef ref) {
    byRef.remove(ref);
  }

  /** Whether a dry-run result differs from the object seen, by {@link Drift}'s rules. */
  static boolean drifted(Seen seen, GenericKubernetesResource dryRun) {
    return !Arrays.equals(seen.digest(), digest(Tree.of(dryRun)));
  }

  /** SHA-256 of the normalised object with map keys sorted (Drift compares maps unordered). */
  static byte[] digest(Map<String, Object> object) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    StringBuilder out = new StringBuilder();
    write(Drift.normalise(object), out);
    return sha.digest(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      sorted.forEach(
          (k, v) -> {
            string(k, out);
            write(v, out);
          });
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      list.forEach(v -> write(v, out));
      out.append(']');
    } else if (value instanceof BigDecimal n) {
      out.append('n').append(n.toPlainString()).append(';');
    } else if (value instanceof String s) {
      string(s, out);
    } else {
      out.append('v').append(value).append(';'); // booleans (nulls are dropped by normalise)
    }
  }

  /** Length-prefixed, so no content can be mistaken for structure. */
  private static void string(String s, StringBuilder out) {
    out.append('s').append(s.length()).append(':').append(s);
  }
}
