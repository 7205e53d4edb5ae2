package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.Defaults;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control-plane loops that finish deletions: the namespace controller (empties a terminating
 * namespace), CRD cleanup (deletes a CRD's objects), and the garbage collector (ownerReferences
 * with background, foreground and orphan propagation). Runs on its own thread, woken after deletes.
 */
public final class GarbageCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final String MANAGER = "kube-controller-manager";

  private final ApiCore core;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;

  public GarbageCollector(ApiCore core) {
    this.core = core;
    this.thread = Thread.ofVirtual().name("kube-gc").start(this::loop);
  }

  /**
   * The propagation a delete without one gets ({@code DefaultGarbageCollectionPolicy}): batch/v1
   * Jobs orphan their Pods, for compatibility; everything else here deletes its dependents.
   */
  static String defaultPolicy(ResourceType t) {
    return t.is("batch", "jobs") ? "Orphan" : "Background";
  }

  public void trigger() {
    wake.release();
  }

  private void loop() {
    while (running) {
      try {
        wake.tryAcquire(2, TimeUnit.SECONDS);
        wake.drainPermits();
        if (!running) {
          return;
        }
        int rounds = 0;
        while (pass() && rounds++ < 50) {
          // keep going while a pass changed something (cascades)
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("garbage collection pass failed", e);
      }
    }
  }

  /** One sweep; returns whether anything changed. */
  boolean pass() {
    boolean changed = false;
    // Only objects with ownerReferences, finalizers or a deletionTimestamp can need work; the rest
    // are known by uid alone, so a sweep does not decode the whole store.
    Map<String, ObjectNode> byUid = new HashMap<>();
    Map<String, String> storageKeyOfUid = new HashMap<>();
    Map<String, List<ObjectNode>> buckets = core.store.pending();
    buckets.forEach(
        (k, list) ->
            list.forEach(
                o -> {
                  byUid.put(Json.text(o, "metadata", "uid"), o);
                  storageKeyOfUid.put(Json.text(o, "metadata", "uid"), k);
                }));
    Predicate<String> exists = uid -> byUid.containsKey(uid) || core.store.hasUid(uid);

    // Namespace controller.
    for (ObjectNode ns : buckets.getOrDefault("/namespaces", List.of())) {
      if (Json.at(ns, "metadata", "deletionTimestamp") == null) {
        continue;
      }
      String name = Json.text(ns, "metadata", "name");
      boolean empty = true;
      for (String key : core.store.storageKeys()) {
        ResourceType t = core.registry.findByStorageKey(key);
        if (t == null || !t.namespaced()) {
          continue;
        }
        for (ObjectNode o : core.store.list(key, name)) {
          empty = false;
          if (Json.at(o, "metadata", "deletionTimestamp") == null) {
            changed |= deleteQuietly(t, o, "Background");
          }
        }
      }
      if (empty) {
        ResourceType nsType = core.registry.find("", "v1", "namespaces");
        ObjectNode n = ns.deepCopy();
        ArrayNode specFinalizers = Json.array();
        for (String f : Json.strings(Json.at(ns, "spec", "finalizers"))) {
          if (!f.equals("kubernetes")) {
            specFinalizers.add(f);
          }
        }
        Json.child(n, "spec").set("finalizers", specFinalizers);
        if (!n.equals(ns)) {
          changed |= updateQuietly(nsType, n);
        }
      }
    }

    // CRD cleanup.
    for (ObjectNode crd :
        buckets.getOrDefault("apiextensions.k8s.io/customresourcedefinitions", List.of())) {
      if (Json.at(crd, "metadata", "deletionTimestamp") == null) {
        continue;
      }
      List<String> finalizers = Json.strings(Json.at(crd, "metadata", "finalizers"));
      if (!finalizers.contains(Defaults.CRD_FINALIZER)) {
        continue;
      }
      String group = Json.text(crd, "spec", "group");
      String plural = Json.text(crd, "spec", "names", "plural");
      List<ObjectNode> objects = core.store.list(group + "/" + plural, null);
      ResourceType t = core.registry.findByStorageKey(group + "/" + plural);
      if (objects.isEmpty() || t == null) {
        changed |=
            removeFinalizer(
                crd, "apiextensions.k8s.io/customresourcedefinitions", Defaults.CRD_FINALIZER);
      } else {
        for (ObjectNode o : objects) {
          if (Json.at(o, "metadata", "deletionTimestamp") == null) {
            changed |= deleteQuietly(t, o, "Background");
          }
        }
      }
    }

    // Garbage collector: dependents of missing or foreground-deleting owners.
    Map<String, List<ObjectNode>> dependents = new HashMap<>();
    for (Map.Entry<String, List<ObjectNode>> b : buckets.entrySet()) {
      ResourceType t = core.registry.findByStorageKey(b.getKey());
      if (t == null) {
        continue;
      }
      for (ObjectNode o : b.getValue()) {
        JsonNode refs = Json.at(o, "metadata", "ownerReferences");
        if (refs == null || refs.isEmpty()) {
          continue;
        }
        int missing = 0;
        boolean foregroundOwner = false;
        for (JsonNode ref : refs) {
          String uid = ref.path("uid").asText();
          ObjectNode owner = byUid.get(uid);
          dependents.computeIfAbsent(uid, u -> new ArrayList<>()).add(o);
          if (owner == null && !exists.test(uid)) {
            missing++;
          } else if (owner != null
              && Json.at(owner, "metadata", "deletionTimestamp") != null
              && Json.strings(Json.at(owner, "metadata", "finalizers"))
                  .contains("foregroundDeletion")) {
            foregroundOwner = true;
          }
        }
        if (Json.at(o, "metadata", "deletionTimestamp") != null) {
          continue;
        }
        if (missing == refs.size() || foregroundOwner && missing + 1 >= refs.size()) {
          changed |= deleteQuietly(t, o, foregroundOwner ? "Foreground" : "Background");
        } else if (missing > 0) {
          changed |= dropOwnerRefs(t, o, exists, null);
        }
      }
    }

    // Owners waiting on foregroundDeletion / orphan finalizers.
    for (Map.Entry<String, ObjectNode> e : byUid.entrySet()) {
      ObjectNode owner = e.getValue();
      if (Json.at(owner, "metadata", "deletionTimestamp") == null) {
        continue;
      }
      List<String> finalizers = Json.strings(Json.at(owner, "metadata", "finalizers"));
      String key = storageKeyOfUid.get(e.getKey());
      List<ObjectNode> deps = dependents.getOrDefault(e.getKey(), List.of());
      if (finalizers.contains("orphan")) {
        for (ObjectNode d : deps) {
          ResourceType dt =
              core.registry.findByStorageKey(storageKeyOfUid.get(Json.text(d, "metadata", "uid")));
          if (dt != null) {
            changed |= dropOwnerRefs(dt, d, null, e.getKey());
          }
        }
        changed |= removeFinalizer(owner, key, "orphan");
      } else if (finalizers.contains("foregroundDeletion") && deps.isEmpty()) {
        changed |= removeFinalizer(owner, key, "foregroundDeletion");
      }
    }
    return changed;
  }

  private boolean deleteQuietly(ResourceType t, ObjectNode o, String policy) {
    try {
      core.delete(
          t,
          Json.text(o, "metadata", "namespace"),
          Json.text(o, "metadata", "name"),
          new DeleteOpts(false, policy, Json.text(o, "metadata", "uid"), null));
      return true;
    } catch (ApiException e) {
      return false;
    }
  }

  private boolean dropOwnerRefs(
      ResourceType t, ObjectNode o, Predicate<String> keepUids, String dropUid) {
    ObjectNode n = o.deepCopy();
    ArrayNode kept = Json.array();
    for (JsonNode ref : Json.at(o, "metadata", "ownerReferences")) {
      String uid = ref.path("uid").asText();
      boolean keep = dropUid != null ? !uid.equals(dropUid) : keepUids.test(uid);
      if (keep) {
        kept.add(ref);
      }
    }
    if (kept.isEmpty()) {
      Json.meta(n).remove("ownerReferences");
    } else {
      Json.meta(n).set("ownerReferences", kept);
    }
    return updateQuietly(t, n);
  }

  private boolean removeFinalizer(ObjectNode o, String storageKey, String finalizer) {
    ResourceType t = core.registry.findByStorageKey(storageKey);
    if (t == null) {
      return false;
    }
    ObjectNode n = o.deepCopy();
    ArrayNode kept = Json.array();
    Set<String> seen = new HashSet<>();
    for (String f : Json.strings(Json.at(o, "metadata", "finalizers"))) {
      if (!f.equals(finalizer) && seen.add(f)) {
        kept.add(f);
      }
    }
    Json.meta(n).set("finalizers", kept);
    return updateQuietly(t, n);
  }

  private boolean updateQuietly(ResourceType t, ObjectNode n) {
    try {
      core.update(
          t,
          Json.text(n, "metadata", "namespace"),
          Json.text(n, "metadata", "name"),
          n,
          false,
          WriteOpts.internal(MANAGER));
      return true;
    } catch (ApiException e) {
      return false;
    }
  }

  @Override
  public void close() {
    running = false;
    wake.release();
    thread.interrupt();
  }
}
