package io.flotilla.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An object as the store keeps it: its JSON, deflated against a dictionary shared by its bucket,
 * plus the few facts the control-plane loops ask of every object without decoding it. A Jackson
 * tree of a Deployment takes about 20 KB of heap; this form takes a few hundred bytes.
 *
 * <p>Immutable: {@link #tree()} decodes a fresh tree that the caller may change.
 */
final class Stored {
  /** Objects with ownerReferences, finalizers or a deletionTimestamp: the collector's work. */
  static final int PENDING = 1;

  /** Being deleted: its dependents may need the collector (foreground, orphan). */
  static final int DELETING = 2;

  private final byte[] packed;
  private final int length;
  private final byte[] dict;
  final String uid;
  final int flags;

  /**
   * When ownerReferences are all that makes it pending: the owners' uids as UUID bit pairs, so the
   * collector can skip a dependent whose owners all exist without decoding it (a cluster's Pods and
   * ReplicaSets all have owners). Null otherwise.
   */
  private final long[] owners;

  private Stored(byte[] packed, int length, byte[] dict, String uid, int flags, long[] owners) {
    this.packed = packed;
    this.length = length;
    this.dict = dict;
    this.uid = uid;
    this.flags = flags;
    this.owners = owners;
  }

  static Stored of(ObjectNode obj, Dictionary dict) {
    return of(obj, Json.bytes(obj), dict);
  }

  /** {@code json} is {@code obj} as {@link Json#bytes} writes it, when the caller has it. */
  static Stored of(ObjectNode obj, byte[] json, Dictionary dict) {
    JsonNode m = obj.path("metadata");
    boolean others = m.has("finalizers") || m.has("deletionTimestamp");
    int flags = m.has("ownerReferences") || others ? PENDING : 0;
    if (m.has("deletionTimestamp")) {
      flags |= DELETING;
    }
    byte[] d = dict.bytes;
    long[] owners = others ? null : ownerBits(m.get("ownerReferences"));
    return new Stored(deflate(json, d), json.length, d, m.path("uid").asText(null), flags, owners);
  }

  private static long[] ownerBits(JsonNode refs) {
    if (refs == null || !refs.isArray() || refs.isEmpty()) {
      return null;
    }
    long[] bits = new long[refs.size() * 2];
    for (int i = 0; i < refs.size(); i++) {
      try {
        UUID u = UUID.fromString(refs.get(i).path("uid").asText(""));
        if (!u.toString().equals(refs.get(i).path("uid").asText(""))) {
          return null; // not in canonical form: let the collector read the object
        }
        bits[2 * i] = u.getMostSignificantBits();
        bits[2 * i + 1] = u.getLeastSignificantBits();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return bits;
  }

  boolean pending() {
    return (flags & PENDING) != 0;
  }

  boolean deleting() {
    return (flags & DELETING) != 0;
  }

  /**
   * Whether the collector may skip this pending object: it has owners only, and {@code quiet} says
   * of each owner's uid that it exists and is not being deleted.
   */
  boolean settled(java.util.function.Predicate<String> quiet) {
    if (owners == null) {
      return false;
    }
    for (int i = 0; i < owners.length; i += 2) {
      if (!quiet.test(new UUID(owners[i], owners[i + 1]).toString())) {
        return false;
      }
    }
    return true;
  }

  /** The object's JSON exactly as {@link Json#bytes} wrote it. */
  byte[] json() {
    return inflate(packed, length, dict);
  }

  ObjectNode tree() {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json());
    } catch (IOException e) {
      throw new UncheckedIOException("stored object is not JSON", e);
    }
  }

  /** Packed size, for tests and diagnostics. */
  int packedSize() {
    return packed.length;
  }

  /**
   * A preset deflate dictionary: generic Kubernetes JSON, then (once set) the first object stored
   * in the bucket, so later objects of the same kind compress to little more than what differs.
   */
  static final class Dictionary {
    private static final byte[] BASE =
        ("{\"metadata\":{\"annotations\":{},\"labels\":{\"app.kubernetes.io/name\":\"\","
                + "\"app.kubernetes.io/instance\":\"\",\"app.kubernetes.io/part-of\":\"\","
                + "\"app.kubernetes.io/managed-by\":\"\",\"kustomize.toolkit.fluxcd.io/name\":\"\","
                + "\"kustomize.toolkit.fluxcd.io/namespace\":\"flux-system\"},\"name\":\"\","
                + "\"namespace\":\"default\",\"ownerReferences\":[{\"apiVersion\":\"\",\"kind\":\"\","
                + "\"name\":\"\",\"uid\":\"\",\"controller\":true,\"blockOwnerDeletion\":true}],"
                + "\"finalizers\":[],\"uid\":\"\",\"creationTimestamp\":\"2025-01-01T00:00:00Z\","
                + "\"generation\":1,\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Apply\","
                + "\"apiVersion\":\"v1\",\"time\":\"2025-01-01T00:00:00Z\",\"fieldsType\":\"FieldsV1\","
                + "\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}},"
                + "\"f:annotations\":{}},\"f:spec\":{},\"f:status\":{},\"f:data\":{}}},"
                + "{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\","
                + "\"subresource\":\"status\"}],\"resourceVersion\":\"\"},"
                + "\"spec\":{},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
                + "\"lastTransitionTime\":\"\",\"reason\":\"\",\"message\":\"\"}],"
                + "\"observedGeneration\":1},\"apiVersion\":\"v1\",\"kind\":\"\"}")
            .getBytes(StandardCharsets.UTF_8);
    private static final int MAX_SAMPLE = 16 * 1024;
    private volatile byte[] bytes = BASE;
    private volatile boolean sampled;

    /** Adds the bucket's first object; later calls do nothing, so the dictionary never changes. */
    Dictionary sample(ObjectNode first) {
      if (!sampled) {
        synchronized (this) {
          if (!sampled) {
            byte[] json = Json.bytes(first);
            byte[] d = Arrays.copyOf(BASE, BASE.length + Math.min(json.length, MAX_SAMPLE));
            System.arraycopy(json, 0, d, BASE.length, d.length - BASE.length);
            bytes = d;
            sampled = true;
          }
        }
      }
      return this;
    }

    boolean sampled() {
      return sampled;
    }
  }

  private static final ConcurrentLinkedQueue<Deflater> DEFLATERS = new ConcurrentLinkedQueue<>();
  private static final ConcurrentLinkedQueue<Inflater> INFLATERS = new ConcurrentLinkedQueue<>();

  private static byte[] deflate(byte[] in, byte[] dict) {
    Deflater d = DEFLATERS.poll();
    if (d == null) {
      d = new Deflater(Deflater.BEST_SPEED, true);
    }
    try {
      d.setDictionary(dict);
      d.setInput(in);
      d.finish();
      byte[] out = new byte[in.length / 2 + 64];
      int n = 0;
      while (!d.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += d.deflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      d.reset();
      DEFLATERS.offer(d);
    }
  }

  private static byte[] inflate(byte[] packed, int length, byte[] dict) {
    Inflater i = INFLATERS.poll();
    if (i == null) {
      i = new Inflater(true);
    }
    try {
      i.setDictionary(dict);
      i.setInput(packed);
      byte[] out = new byte[length];
      int n = 0;
      while (n < length) {
        int r = i.inflate(out, n, length - n);
        if (r == 0 && (i.finished() || i.needsInput() || i.needsDictionary())) {
          throw new IllegalStateException("stored object is truncated");
        }
        n += r;
      }
      return out;
    } catch (DataFormatException e) {
      throw new IllegalStateException("stored object is corrupt", e);
    } finally {
      i.reset();
      INFLATERS.offer(i);
    }
  }
}
