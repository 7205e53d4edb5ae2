package io.flotilla.kube.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.flotilla.kube.base.Json;
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

  /**
   * A 64-bit Bloom filter of the object's {@code key=value} labels ({@link #labelBits}): a list
   * with a label selector skips, without decoding anything, every object that lacks one of the
   * pairs the selector requires (Helm lists a release's Secrets by {@code owner=helm,name=<r>}
   * among every release Secret of the namespace). Eight bytes, where the labels themselves would
   * cost more than the rest of a packed object.
   */
  private final long labels;

  private Stored(
      byte[] packed, int length, byte[] dict, String uid, int flags, long[] owners, long labels) {
    this.packed = packed;
    this.length = length;
    this.dict = dict;
    this.uid = uid;
    this.flags = flags;
    this.owners = owners;
    this.labels = labels;
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
    long labels = 0;
    JsonNode l = m.get("labels");
    if (l != null && l.isObject()) {
      for (var e : l.properties()) {
        labels |= labelBits(e.getKey(), e.getValue().asText());
      }
    }
    return new Stored(
        deflate(json, d), json.length, d, m.path("uid").asText(null), flags, owners, labels);
  }

  /** The two bits of one {@code key=value} pair in the label filter. */
  static long labelBits(String key, String value) {
    int h = (key.hashCode() * 31 + '=') * 31 + value.hashCode();
    h *= 0x9E3779B9; // spread: label pairs often differ in their last characters only
    return (1L << (h >>> 26)) | (1L << ((h >>> 20) & 63));
  }

  /**
   * False when the object certainly lacks one of the label pairs whose {@link #labelBits} make
   * {@code required}; true when it may have all of them.
   */
  boolean mayHaveLabels(long required) {
    return (labels & required) == required;
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

  /**
   * The object's {@code metadata} (as {@code {"metadata": {...}}}), inflating only as much of the
   * JSON as it takes to reach the end of it: a list filtered by labels then skips the rest of every
   * object it does not return (a Helm release Secret's data is most of its bytes). Falls back to
   * {@link #tree()} when the metadata does not come first or the JSON is unusual.
   */
  ObjectNode metadata() {
    Inflater i = INFLATERS.poll();
    if (i == null) {
      i = new Inflater(true);
    }
    try (JsonParser p = Json.MAPPER.getFactory().createNonBlockingByteArrayParser()) {
      i.setDictionary(dict);
      i.setInput(packed);
      ByteArrayFeeder feeder = (ByteArrayFeeder) p.getNonBlockingInputFeeder();
      byte[] out = new byte[length];
      int n = 0;
      int depth = 0;
      boolean inMetadata = false;
      TokenBuffer copy = null;
      while (n < length) {
        int r = i.inflate(out, n, Math.min(METADATA_CHUNK, length - n));
        if (r == 0) {
          break;
        }
        feeder.feedInput(out, n, n + r);
        n += r;
        for (JsonToken t = p.nextToken(); t != null && t != JsonToken.NOT_AVAILABLE; ) {
          if (t == JsonToken.FIELD_NAME && depth == 1) {
            inMetadata = "metadata".equals(p.currentName());
          } else if (t.isStructStart()) {
            depth++;
            if (depth == 2 && inMetadata) {
              copy = new TokenBuffer(p, null);
            }
          } else if (t.isStructEnd()) {
            depth--;
          }
          if (copy != null) {
            copy.copyCurrentEvent(p);
            if (depth == 1) {
              ObjectNode wrapper = Json.object();
              try (JsonParser metadata = copy.asParser()) {
                wrapper.set("metadata", Json.MAPPER.readTree(metadata));
              }
              return wrapper;
            }
          }
          t = p.nextToken();
        }
      }
    } catch (IOException | DataFormatException | RuntimeException e) {
      // not the shape expected: decode the whole object instead
    } finally {
      i.reset();
      INFLATERS.offer(i);
    }
    return tree();
  }

  private static final int METADATA_CHUNK = 1024;

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
