package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names kube-controller-manager derives from a pod template: {@code pod-template-hash} (a
 * ReplicaSet's suffix, a DaemonSet's {@code controller-revision-hash}) and a StatefulSet's
 * ControllerRevision hash.
 *
 * <p>Like {@code controller.ComputeHash}: FNV-32a over a dump of the template, then the collision
 * count as 8 little-endian bytes, and the decimal of the sum encoded with {@link #safeEncode}, so
 * hashes use the same ten characters a real cluster's do ({@code 5d59d67564}). The dump differs:
 * kube-controller-manager dumps the defaulted Go struct (every field with its Go type), which this
 * server does not have; here it is the template's JSON with empty values dropped, keys sorted. The
 * values are stable for a template and change when it changes, but they are not the ones a real
 * cluster computes (those also change between Kubernetes versions).
 */
final class PodTemplateHash {
  static final String LABEL = "pod-template-hash";
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private PodTemplateHash() {}

  /** {@code ComputeHash(template, collisionCount)}; {@code collisionCount} may be null. */
  static String compute(JsonNode template, Integer collisionCount) {
    StringBuilder dump = new StringBuilder(1024);
    render(normalized(template), dump);
    int h = fnv1a(FNV_OFFSET, dump.toString().getBytes(StandardCharsets.UTF_8));
    if (collisionCount != null) {
      int c = collisionCount;
      byte[] le = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0};
      h = fnv1a(h, le);
    }
    return safeEncode(Integer.toUnsignedString(h));
  }

  /**
   * {@code history.HashControllerRevision}: FNV-32 (not 1a) over the revision's data, then the
   * probe (collision count) in decimal.
   */
  static String revision(byte[] data, Integer probe) {
    int h = fnv1(FNV_OFFSET, data);
    if (probe != null) {
      h = fnv1(h, Integer.toString(probe).getBytes(StandardCharsets.UTF_8));
    }
    return safeEncode(Integer.toUnsignedString(h));
  }

  /** {@code rand.SafeEncodeString}: each character to one of the 27 name characters. */
  static String safeEncode(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      sb.append(ALPHANUMS.charAt(s.charAt(i) % ALPHANUMS.length()));
    }
    return sb.toString();
  }

  static int fnv1a(int h, byte[] data) {
    for (byte b : data) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  private static int fnv1(int h, byte[] data) {
    for (byte b : data) {
      h *= FNV_PRIME;
      h ^= b & 0xff;
    }
    return h;
  }

  /**
   * Whether two pod templates are the same apart from the {@code pod-template-hash} label, as the
   * deployment controller's {@code EqualIgnoreHash} decides (nil and empty are equal, as Go's
   * semantic equality has them).
   */
  static boolean equalIgnoreHash(JsonNode a, JsonNode b) {
    return withoutHash(a).equals(withoutHash(b));
  }

  private static JsonNode withoutHash(JsonNode template) {
    JsonNode n = normalized(template);
    if (n.path("metadata").path("labels") instanceof ObjectNode labels) {
      labels.remove(LABEL);
      if (labels.isEmpty()) {
        ((ObjectNode) n.get("metadata")).remove("labels");
        if (n.get("metadata").isEmpty()) {
          ((ObjectNode) n).remove("metadata");
        }
      }
    }
    return n;
  }

  /**
   * Pointer fields of a pod template where {@code 0} or {@code false} differs from unset ({@code
   * runAsUser: 0} is root, {@code tolerationSeconds: 0} evicts at once).
   */
  private static final Set<String> MEANINGFUL_ZEROS =
      Set.of(
          "activeDeadlineSeconds",
          "allowPrivilegeEscalation",
          "automountServiceAccountToken",
          "defaultMode",
          "enableServiceLinks",
          "expirationSeconds",
          "fsGroup",
          "hostUsers",
          "minDomains",
          "mode",
          "priority",
          "runAsGroup",
          "runAsUser",
          "terminationGracePeriodSeconds",
          "tolerationSeconds");

  /**
   * A copy as Go's semantic equality sees a template: without nulls, empty objects and empty
   * arrays, and without {@code false} and {@code 0} outside {@link #MEANINGFUL_ZEROS}. So a
   * template written with {@code creationTimestamp: null} and {@code resources: {}} (a typed JSON
   * client) or with {@code stdin: false} and {@code generation: 0} (a Go client speaking protobuf)
   * is the same as the one without them.
   */
  static JsonNode normalized(JsonNode n) {
    if (n instanceof ObjectNode o) {
      ObjectNode out = Json.object();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = normalized(e.getValue());
        if (!empty(v) && (!zero(v) || MEANINGFUL_ZEROS.contains(e.getKey()))) {
          out.set(e.getKey(), v);
        }
      }
      return out;
    }
    if (n instanceof ArrayNode a) {
      ArrayNode out = Json.array();
      a.forEach(x -> out.add(normalized(x)));
      return out;
    }
    return n == null ? Json.F.nullNode() : n;
  }

  private static boolean empty(JsonNode v) {
    return v.isNull() || v.isMissingNode() || (v.isContainerNode() && v.isEmpty());
  }

  private static boolean zero(JsonNode v) {
    return (v.isBoolean() && !v.asBoolean()) || (v.isNumber() && v.asDouble() == 0);
  }

  private static void render(JsonNode n, StringBuilder out) {
    if (n instanceof ObjectNode o) {
      List<String> keys = new ArrayList<>();
      o.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        out.append(i > 0 ? " " : "").append(keys.get(i)).append(':');
        render(o.get(keys.get(i)), out);
      }
      out.append('}');
    } else if (n instanceof ArrayNode a) {
      out.append('[');
      for (int i = 0; i < a.size(); i++) {
        out.append(i > 0 ? " " : "");
        render(a.get(i), out);
      }
      out.append(']');
    } else {
      out.append(n.asText());
    }
  }
}
