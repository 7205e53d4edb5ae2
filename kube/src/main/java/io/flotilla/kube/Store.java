package io.flotilla.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The objects, keyed by storage bucket ({@code group/plural}) then {@code namespace/name}, with one
 * global resourceVersion counter and a bounded history of changes so watches can resume.
 *
 * <p>Stored nodes are never mutated: writers put fresh copies. Callers hold {@link #lock} around a
 * read-modify-write.
 */
final class Store {
  /** One committed change; {@code before} is null for ADDED, {@code after} the last state. */
  record Change(long rv, String type, String storageKey, ObjectNode before, ObjectNode after) {}

  static final int HISTORY = 20_000;

  final Object lock = new Object();
  private final Map<String, NavigableMap<String, ObjectNode>> buckets = new ConcurrentHashMap<>();
  private final ArrayDeque<Change> history = new ArrayDeque<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private long rv;
  private long compactedRv;
  private volatile boolean dirty;

  static String key(String ns, String name) {
    return (ns == null ? "" : ns) + "/" + name;
  }

  long resourceVersion() {
    synchronized (lock) {
      return rv;
    }
  }

  /** Reserves the next resourceVersion; call only while holding the lock and then commit. */
  long nextRv() {
    return rv + 1;
  }

  ObjectNode get(String storageKey, String ns, String name) {
    synchronized (lock) {
      NavigableMap<String, ObjectNode> b = buckets.get(storageKey);
      return b == null ? null : b.get(key(ns, name));
    }
  }

  /** Objects of one bucket in key order, optionally one namespace only. */
  List<ObjectNode> list(String storageKey, String ns) {
    synchronized (lock) {
      NavigableMap<String, ObjectNode> b = buckets.get(storageKey);
      if (b == null) {
        return List.of();
      }
      if (ns == null) {
        return new ArrayList<>(b.values());
      }
      return new ArrayList<>(b.subMap(ns + "/", true, ns + "/\uffff", true).values());
    }
  }

  List<String> storageKeys() {
    synchronized (lock) {
      return new ArrayList<>(buckets.keySet());
    }
  }

  /** Commits a create or update; the object must already carry {@code nextRv()}. */
  void put(String storageKey, ObjectNode obj) {
    synchronized (lock) {
      ObjectNode m = (ObjectNode) obj.get("metadata");
      String k = key(m.path("namespace").asText(""), m.path("name").asText());
      NavigableMap<String, ObjectNode> b =
          buckets.computeIfAbsent(storageKey, s -> new TreeMap<>());
      ObjectNode before = b.put(k, obj);
      rv = Long.parseLong(m.path("resourceVersion").asText());
      record(new Change(rv, before == null ? "ADDED" : "MODIFIED", storageKey, before, obj));
    }
  }

  /** Removes an object; the DELETED event carries it with a fresh resourceVersion. */
  void remove(String storageKey, ObjectNode last) {
    synchronized (lock) {
      ObjectNode m = (ObjectNode) last.get("metadata");
      String k = key(m.path("namespace").asText(""), m.path("name").asText());
      NavigableMap<String, ObjectNode> b = buckets.get(storageKey);
      ObjectNode before = b == null ? null : b.remove(k);
      if (before == null) {
        return;
      }
      ObjectNode gone = last.deepCopy();
      rv = rv + 1;
      Json.meta(gone).put("resourceVersion", Long.toString(rv));
      record(new Change(rv, "DELETED", storageKey, before, gone));
    }
  }

  private void record(Change c) {
    dirty = true;
    history.addLast(c);
    while (history.size() > HISTORY) {
      compactedRv = history.removeFirst().rv();
    }
    for (Consumer<Change> l : listeners) {
      l.accept(c);
    }
  }

  /**
   * Registers a listener and hands it, atomically, either the history after {@code fromRv} or (when
   * {@code fromRv < 0}) nothing. Returns false if {@code fromRv} is older than what is kept.
   */
  boolean subscribe(long fromRv, Consumer<Change> listener) {
    synchronized (lock) {
      if (fromRv >= 0) {
        if (fromRv < compactedRv) {
          return false;
        }
        for (Change c : history) {
          if (c.rv() > fromRv) {
            listener.accept(c);
          }
        }
      }
      listeners.add(listener);
      return true;
    }
  }

  long compactedRv() {
    synchronized (lock) {
      return compactedRv;
    }
  }

  void unsubscribe(Consumer<Change> listener) {
    listeners.remove(listener);
  }

  boolean takeDirty() {
    boolean d = dirty;
    dirty = false;
    return d;
  }

  /** Everything, for a snapshot. */
  Map<String, List<ObjectNode>> snapshot() {
    synchronized (lock) {
      Map<String, List<ObjectNode>> out = new TreeMap<>();
      buckets.forEach((k, b) -> out.put(k, new ArrayList<>(b.values())));
      return out;
    }
  }

  /** Loads a snapshot; history starts empty, so older resourceVersions are gone (410). */
  void restore(long resourceVersion, Map<String, List<ObjectNode>> objects) {
    synchronized (lock) {
      buckets.clear();
      history.clear();
      objects.forEach(
          (k, list) -> {
            NavigableMap<String, ObjectNode> b = buckets.computeIfAbsent(k, s -> new TreeMap<>());
            for (ObjectNode o : list) {
              ObjectNode m = (ObjectNode) o.get("metadata");
              b.put(key(m.path("namespace").asText(""), m.path("name").asText()), o);
            }
          });
      rv = resourceVersion;
      compactedRv = resourceVersion;
    }
  }
}
