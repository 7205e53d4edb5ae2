package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which objects each controller owns, by the uid in their controller owner reference, kept current
 * from the store's change feed: the workload controllers find a Deployment's ReplicaSets or a
 * ReplicaSet's Pods without listing a namespace (thousands of them in the benchmarks).
 */
public final class Owners {
  /** An owner reference with {@code controller: true}. */
  public record ControllerRef(String apiVersion, String kind, String name, String uid) {}

  private final Store store;
  private final Set<String> buckets;

  /** {@code <bucket> <ownerUid>} to the {@code namespace/name} of what it controls. */
  private final Map<String, Set<String>> children = new ConcurrentHashMap<>();

  /** {@code <bucket> <namespace/name>} to its controller's uid, so a change needs no old state. */
  private final Map<String, String> controllerOf = new ConcurrentHashMap<>();

  Owners(Store store, Set<String> buckets) {
    this.store = store;
    this.buckets = Set.copyOf(buckets);
  }

  /** Indexes what is stored now; changes arrive through {@link #onChange} afterwards. */
  public void load() {
    for (String bucket : buckets) {
      for (ObjectNode o : store.list(bucket, null)) {
        index(bucket, o, false);
      }
    }
  }

  /** Called under the store's lock for every committed change. */
  public void onChange(Store.Change c) {
    if (buckets.contains(c.storageKey())) {
      index(c.storageKey(), c.after(), c.type().equals("DELETED"));
    }
  }

  private void index(String bucket, JsonNode o, boolean gone) {
    String key = Json.text(o, "metadata", "namespace") + "/" + Json.text(o, "metadata", "name");
    ControllerRef ref = gone ? null : controllerOf(o);
    String uid = ref == null ? null : ref.uid();
    String id = bucket + " " + key;
    String before = uid == null ? controllerOf.remove(id) : controllerOf.put(id, uid);
    if (Objects.equals(before, uid)) {
      return;
    }
    if (before != null) {
      children.computeIfPresent(
          bucket + " " + before,
          (k, set) -> {
            set.remove(key);
            return set.isEmpty() ? null : set;
          });
    }
    if (uid != null) {
      children.computeIfAbsent(bucket + " " + uid, k -> ConcurrentHashMap.newKeySet()).add(key);
    }
  }

  /**
   * The objects of {@code bucket} that {@code owner} controls, oldest first (by creation time, then
   * name), read fresh from the store.
   */
  List<ObjectNode> owned(String bucket, JsonNode owner) {
    String uid = Json.text(owner, "metadata", "uid");
    Set<String> keys = children.get(bucket + " " + uid);
    if (keys == null) {
      return List.of();
    }
    List<ObjectNode> out = new ArrayList<>();
    for (String k : List.copyOf(keys)) {
      int slash = k.indexOf('/');
      ObjectNode o = store.get(bucket, k.substring(0, slash), k.substring(slash + 1));
      ControllerRef ref = o == null ? null : controllerOf(o);
      if (ref != null && ref.uid().equals(uid)) {
        out.add(o);
      }
    }
    out.sort(
        Comparator.comparing((ObjectNode o) -> Json.text(o, "metadata", "creationTimestamp"))
            .thenComparing(o -> Json.text(o, "metadata", "name")));
    return out;
  }

  public static ControllerRef controllerOf(JsonNode o) {
    for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return new ControllerRef(
            ref.path("apiVersion").asText(),
            ref.path("kind").asText(),
            ref.path("name").asText(),
            ref.path("uid").asText());
      }
    }
    return null;
  }

  /** The owner reference a controller puts on what it creates. */
  static ObjectNode controllerRef(ResourceType t, JsonNode owner) {
    ObjectNode ref = Json.object();
    ref.put("apiVersion", t.apiVersion());
    ref.put("kind", t.kind());
    ref.put("name", Json.text(owner, "metadata", "name"));
    ref.put("uid", Json.text(owner, "metadata", "uid"));
    ref.put("controller", true);
    ref.put("blockOwnerDeletion", true);
    return ref;
  }
}
