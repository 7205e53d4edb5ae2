package io.flotilla.kube.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The objects, keyed by storage bucket ({@code group/plural}) then {@code namespace/name}, with one
 * global resourceVersion counter and a bounded history of changes so watches can resume.
 *
 * <p>Objects are kept in their compact {@link Stored} form; every read decodes a fresh tree, so
 * callers may change what they get. Callers hold {@link #lock} around a read-modify-write.
 */
public final class Store {
  /**
   * One committed change; {@code before} is null for ADDED, {@code after} the last state. Listeners
   * of a live change get the trees the writer stored; a change replayed from history decodes them
   * on first use. Either way the trees are shared and must not be changed.
   */
  public static final class Change {
    private final long rv;
    private final String type;
    private final String storageKey;
    private ObjectNode before;
    private ObjectNode after;
    private final Stored beforeStored;
    private final Stored afterStored;
    private byte[] afterJson;

    public Change(long rv, String type, String storageKey, ObjectNode before, ObjectNode after) {
      this(rv, type, storageKey, before, after, null, null);
    }

    private Change(
        long rv,
        String type,
        String storageKey,
        ObjectNode before,
        ObjectNode after,
        Stored beforeStored,
        Stored afterStored) {
      this.rv = rv;
      this.type = type;
      this.storageKey = storageKey;
      this.before = before;
      this.after = after;
      this.beforeStored = beforeStored;
      this.afterStored = afterStored;
    }

    public long rv() {
      return rv;
    }

    public String type() {
      return type;
    }

    public String storageKey() {
      return storageKey;
    }

    public synchronized ObjectNode before() {
      if (before == null && beforeStored != null) {
        before = beforeStored.tree();
      }
      return before;
    }

    public synchronized ObjectNode after() {
      if (after == null && afterStored != null) {
        after = afterStored.tree();
      }
      return after;
    }

    /** {@code after} as JSON, written once however many watchers send it. */
    public synchronized byte[] afterJson() {
      if (afterJson == null) {
        afterJson = afterStored != null ? afterStored.json() : Json.bytes(after());
      }
      return afterJson;
    }
  }

  /** What history keeps of a change: the compact forms only. */
  private record Logged(long rv, String type, String storageKey, Stored before, Stored after) {
    Change replay() {
      return new Change(rv, type, storageKey, null, null, before, after);
    }
  }

  static final int HISTORY = 20_000;

  public final Object lock = new Object();
  private final Map<String, NavigableMap<String, Stored>> buckets = new ConcurrentHashMap<>();
  private final Map<String, Stored.Dictionary> dictionaries = new ConcurrentHashMap<>();
  private final Set<String> uids = new HashSet<>();
  private final ArrayDeque<Logged> history = new ArrayDeque<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private long rv;
  private long compactedRv;
  private volatile boolean dirty;
  private volatile WriteAheadLog journal;

  public static String key(String ns, String name) {
    return (ns == null ? "" : ns) + "/" + name;
  }

  public long resourceVersion() {
    synchronized (lock) {
      return rv;
    }
  }

  /** Reserves the next resourceVersion; call only while holding the lock and then commit. */
  public long nextRv() {
    return rv + 1;
  }

  public ObjectNode get(String storageKey, String ns, String name) {
    Stored s = stored(storageKey, ns, name);
    return s == null ? null : s.tree();
  }

  public boolean contains(String storageKey, String ns, String name) {
    return stored(storageKey, ns, name) != null;
  }

  private Stored stored(String storageKey, String ns, String name) {
    synchronized (lock) {
      noteRead();
      NavigableMap<String, Stored> b = buckets.get(storageKey);
      return b == null ? null : b.get(key(ns, name));
    }
  }

  /** Objects of one bucket in key order, optionally one namespace only. */
  public List<ObjectNode> list(String storageKey, String ns) {
    return decode(entries(storageKey, ns));
  }

  /** A list and the resourceVersion it was taken at; decoding happens outside the lock. */
  public record Listing(long resourceVersion, List<ObjectNode> items) {}

  public Listing listing(String storageKey, String ns) {
    List<Stored> entries;
    long at;
    synchronized (lock) {
      entries = entries(storageKey, ns);
      at = rv;
    }
    return new Listing(at, decode(entries));
  }

  /**
   * The objects of a bucket (in a namespace) whose metadata passes {@code keep}, decoding only the
   * metadata of those it leaves out (see {@link Stored#metadata}).
   */
  public Listing listing(
      String storageKey, String ns, long requiredLabels, Predicate<JsonNode> keep) {
    List<Stored> entries;
    long at;
    synchronized (lock) {
      entries = entries(storageKey, ns);
      at = rv;
    }
    List<ObjectNode> out = new ArrayList<>();
    for (Stored s : entries) {
      if (s.mayHaveLabels(requiredLabels) && keep.test(s.metadata())) {
        out.add(s.tree());
      }
    }
    return new Listing(at, out);
  }

  private List<Stored> entries(String storageKey, String ns) {
    synchronized (lock) {
      noteRead();
      NavigableMap<String, Stored> b = buckets.get(storageKey);
      if (b == null) {
        return List.of();
      }
      if (ns == null) {
        return new ArrayList<>(b.values());
      }
      return new ArrayList<>(b.subMap(ns + "/", true, ns + "/\uffff", true).values());
    }
  }

  private static List<ObjectNode> decode(List<Stored> entries) {
    List<ObjectNode> out = new ArrayList<>(entries.size());
    for (Stored s : entries) {
      out.add(s.tree());
    }
    return out;
  }

  public List<String> storageKeys() {
    synchronized (lock) {
      return new ArrayList<>(buckets.keySet());
    }
  }

  /** Whether any stored object has this uid; owner references are checked against it. */
  public boolean hasUid(String uid) {
    synchronized (lock) {
      return uids.contains(uid);
    }
  }

  /**
   * The objects the garbage collector must look at, by bucket: those with finalizers or a
   * deletionTimestamp, and those with ownerReferences unless all their owners exist and none is
   * being deleted. Everything else is skipped without being decoded.
   */
  public Map<String, List<ObjectNode>> pending() {
    Map<String, List<Stored>> found = new TreeMap<>();
    synchronized (lock) {
      Set<String> deleting = new HashSet<>();
      buckets.forEach(
          (k, b) -> {
            for (Stored s : b.values()) {
              if (s.deleting() && s.uid != null) {
                deleting.add(s.uid);
              }
            }
          });
      buckets.forEach(
          (k, b) -> {
            for (Stored s : b.values()) {
              if (s.pending() && !s.settled(u -> uids.contains(u) && !deleting.contains(u))) {
                found.computeIfAbsent(k, x -> new ArrayList<>()).add(s);
              }
            }
          });
    }
    Map<String, List<ObjectNode>> out = new TreeMap<>();
    found.forEach((k, list) -> out.put(k, decode(list)));
    return out;
  }

  /** Logs every change committed from now on, in commit order. */
  void journal(WriteAheadLog log) {
    synchronized (lock) {
      journal = log;
    }
  }

  /** A read: whoever answers it waits until what it saw is durable (see the log). */
  private void noteRead() {
    if (journal != null) {
      journal.noteRead();
    }
  }

  /**
   * Waits until every change committed so far is durable; a watch calls it before it sends an
   * event, so no watcher sees a change a crash would undo.
   */
  public void awaitDurable() {
    WriteAheadLog log = journal;
    if (log != null) {
      try {
        log.syncAll();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot write the write-ahead log", e);
      }
    }
  }

  /** Commits a create or update; the object must already carry {@code nextRv()}. */
  public void put(String storageKey, ObjectNode obj) {
    byte[] json = Json.bytes(obj);
    Stored s = encode(storageKey, obj, json);
    synchronized (lock) {
      ObjectNode m = (ObjectNode) obj.get("metadata");
      String k = key(m.path("namespace").asText(""), m.path("name").asText());
      NavigableMap<String, Stored> b = buckets.computeIfAbsent(storageKey, x -> new TreeMap<>());
      Stored before = b.put(k, s);
      if (before != null && before.uid != null && !before.uid.equals(s.uid)) {
        uids.remove(before.uid);
      }
      if (s.uid != null) {
        uids.add(s.uid);
      }
      rv = Long.parseLong(m.path("resourceVersion").asText());
      record(
          new Logged(rv, before == null ? "ADDED" : "MODIFIED", storageKey, before, s),
          null,
          obj,
          json);
    }
  }

  private Stored encode(String storageKey, ObjectNode obj, byte[] json) {
    return Stored.of(
        obj,
        json,
        dictionaries.computeIfAbsent(storageKey, k -> new Stored.Dictionary()).sample(obj));
  }

  /** Removes an object; the DELETED event carries it with a fresh resourceVersion. */
  public void remove(String storageKey, ObjectNode last) {
    synchronized (lock) {
      ObjectNode m = (ObjectNode) last.get("metadata");
      String k = key(m.path("namespace").asText(""), m.path("name").asText());
      NavigableMap<String, Stored> b = buckets.get(storageKey);
      Stored before = b == null ? null : b.remove(k);
      if (before == null) {
        return;
      }
      if (before.uid != null) {
        uids.remove(before.uid);
      }
      ObjectNode gone = last.deepCopy();
      rv = rv + 1;
      Json.meta(gone).put("resourceVersion", Long.toString(rv));
      byte[] json = Json.bytes(gone);
      record(
          new Logged(rv, "DELETED", storageKey, before, encode(storageKey, gone, json)),
          null,
          gone,
          json);
    }
  }

  private void record(Logged l, ObjectNode beforeTree, ObjectNode afterTree, byte[] afterJson) {
    dirty = true;
    if (journal != null) {
      journal.append(
          new WriteAheadLog.Entry(l.rv(), l.type().equals("DELETED"), l.storageKey(), afterJson));
    }
    history.addLast(l);
    while (history.size() > HISTORY) {
      compactedRv = history.removeFirst().rv();
    }
    if (listeners.isEmpty()) {
      return;
    }
    Change c =
        new Change(l.rv(), l.type(), l.storageKey(), beforeTree, afterTree, l.before(), l.after());
    for (Consumer<Change> listener : listeners) {
      listener.accept(c);
    }
  }

  /**
   * Registers a listener and hands it, atomically, either the history after {@code fromRv} or (when
   * {@code fromRv < 0}) nothing. Returns false if {@code fromRv} is older than what is kept.
   */
  public boolean subscribe(long fromRv, Consumer<Change> listener) {
    synchronized (lock) {
      if (fromRv >= 0) {
        if (fromRv < compactedRv) {
          return false;
        }
        for (Logged l : history) {
          if (l.rv() > fromRv) {
            listener.accept(l.replay());
          }
        }
      }
      listeners.add(listener);
      return true;
    }
  }

  /**
   * Lists a bucket and registers a listener in one step, so no change falls between the two; the
   * list is decoded after the lock is released.
   */
  public List<ObjectNode> listAndSubscribe(
      String storageKey, String ns, Consumer<Change> listener) {
    List<Stored> entries;
    synchronized (lock) {
      entries = entries(storageKey, ns);
      listeners.add(listener);
    }
    return decode(entries);
  }

  public long compactedRv() {
    synchronized (lock) {
      return compactedRv;
    }
  }

  public void unsubscribe(Consumer<Change> listener) {
    listeners.remove(listener);
  }

  boolean takeDirty() {
    boolean d = dirty;
    dirty = false;
    return d;
  }

  /** Everything, for a snapshot. */
  Map<String, List<ObjectNode>> snapshot() {
    Map<String, List<Stored>> all = new TreeMap<>();
    synchronized (lock) {
      buckets.forEach((k, b) -> all.put(k, new ArrayList<>(b.values())));
    }
    Map<String, List<ObjectNode>> out = new TreeMap<>();
    all.forEach((k, list) -> out.put(k, decode(list)));
    return out;
  }

  /** Loads a snapshot; history starts empty, so older resourceVersions are gone (410). */
  void restore(long resourceVersion, Map<String, List<ObjectNode>> objects) {
    synchronized (lock) {
      buckets.clear();
      history.clear();
      uids.clear();
      objects.forEach(
          (k, list) -> {
            NavigableMap<String, Stored> b = buckets.computeIfAbsent(k, s -> new TreeMap<>());
            for (ObjectNode o : list) {
              ObjectNode m = (ObjectNode) o.get("metadata");
              Stored s = encode(k, o, Json.bytes(o));
              b.put(key(m.path("namespace").asText(""), m.path("name").asText()), s);
              if (s.uid != null) {
                uids.add(s.uid);
              }
            }
          });
      rv = resourceVersion;
      compactedRv = resourceVersion;
    }
  }
}
