package io.flotilla.kube.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on disk: a snapshot of everything in {@code <dataDir>/kube/state.json}, written
 * atomically and synced, and the {@link WriteAheadLog} of every change since. Recovery loads the
 * snapshot and replays the log after its resourceVersion; a snapshot is taken when the log has
 * grown or changes have waited a while, and on a clean stop, each time dropping the log it covers.
 */
public final class Persistence {
  private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);

  /** The log is compacted into a snapshot past this size (recovery replays all of it). */
  static final long COMPACT_BYTES = 16L << 20;

  /** ... or when changes have waited this long since the last snapshot. */
  static final Duration COMPACT_AFTER = Duration.ofSeconds(60);

  private final Path file;
  private final Path walDir;
  private WriteAheadLog wal;
  private long lastSave = System.nanoTime();

  public Persistence(Path dataDir) {
    this.file = dataDir.resolve("kube").resolve("state.json");
    this.walDir = WriteAheadLog.dir(dataDir);
  }

  public Path file() {
    return file;
  }

  /**
   * Loads the snapshot and replays the log into {@code store}, then starts logging its changes. A
   * log left by a crash is folded into a fresh snapshot at once, so the next start reads one file.
   * Returns whether there was anything to load.
   */
  public boolean open(Store store) {
    WriteAheadLog.Recovered log = WriteAheadLog.read(walDir);
    boolean loaded = load(store, log.entries());
    wal = WriteAheadLog.open(walDir, log.lastSegment());
    store.journal(wal);
    if (log.lastSegment() > 0) {
      if (!log.entries().isEmpty()) {
        LOG.info(
            "replayed {} change(s) from the write-ahead log {} after an unclean stop",
            log.entries().size(),
            walDir);
      }
      save(store);
    }
    return loaded;
  }

  private boolean load(Store store, List<WriteAheadLog.Entry> changes) {
    Map<String, Map<String, ObjectNode>> objects = new LinkedHashMap<>();
    long rv = 0;
    boolean snapshot = Files.isRegularFile(file);
    if (snapshot) {
      try {
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        root.path("buckets")
            .fields()
            .forEachRemaining(
                e -> {
                  Map<String, ObjectNode> bucket = new LinkedHashMap<>();
                  e.getValue().forEach(o -> bucket.put(key((ObjectNode) o), (ObjectNode) o));
                  objects.put(e.getKey(), bucket);
                });
        rv = root.path("resourceVersion").asLong(0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read Kubernetes state from " + file, e);
      }
    }
    long snapshotRv = rv;
    for (WriteAheadLog.Entry c : changes) {
      if (c.rv() <= snapshotRv) {
        continue; // already in the snapshot: the log segment outlived it by a crash
      }
      ObjectNode obj = (ObjectNode) Json.parse(c.json());
      Map<String, ObjectNode> bucket =
          objects.computeIfAbsent(c.storageKey(), k -> new LinkedHashMap<>());
      if (c.deleted()) {
        bucket.remove(key(obj));
      } else {
        bucket.put(key(obj), obj);
      }
      rv = Math.max(rv, c.rv());
    }
    if (!snapshot && changes.isEmpty()) {
      return false;
    }
    Map<String, List<ObjectNode>> lists = new LinkedHashMap<>();
    objects.forEach((k, bucket) -> lists.put(k, new ArrayList<>(bucket.values())));
    store.restore(rv, lists);
    return true;
  }

  /**
   * {@code mode} for a new file or dir under {@code path}, where the file system has POSIX modes.
   */
  public static FileAttribute<?>[] ownerOnly(Path path, String mode) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
        }
        : new FileAttribute<?>[0];
  }

  private static String key(ObjectNode obj) {
    JsonNode m = obj.path("metadata");
    return Store.key(m.path("namespace").asText(""), m.path("name").asText());
  }

  /**
   * Called every second: syncs the changes nobody waits for (the control plane's, the collector's),
   * and snapshots when the log has grown past {@link #COMPACT_BYTES} or changes waited long enough.
   */
  public void saveIfDue(Store store) {
    try {
      wal.syncAll();
    } catch (IOException e) {
      return; // the log said so once; no snapshot either until it can be written again
    }
    boolean big = wal.size() >= COMPACT_BYTES;
    boolean waited = System.nanoTime() - lastSave >= COMPACT_AFTER.toNanos();
    if (big || (waited && store.takeDirty())) {
      save(store);
    }
  }

  /** Writes a durable snapshot, then drops the log segments it covers. */
  void save(Store store) {
    try {
      long covered = wal.rotate();
      store.takeDirty();
      writeSnapshot(store);
      wal.compact(covered);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kubernetes state to " + file, e);
    }
  }

  /** On a clean stop: everything into the snapshot, no log left behind. */
  public void close(Store store) {
    wal.close();
    try {
      writeSnapshot(store);
      wal.compact(Long.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kubernetes state to " + file, e);
    }
  }

  private void writeSnapshot(Store store) throws IOException {
    ObjectNode root = Json.object();
    root.put("kind", "FlotillaKubeState");
    Map<String, List<ObjectNode>> snap;
    long rv;
    synchronized (store.lock) {
      snap = store.snapshot();
      rv = store.resourceVersion();
    }
    root.put("resourceVersion", rv);
    ObjectNode buckets = root.putObject("buckets");
    snap.forEach(
        (k, list) -> {
          ArrayNode arr = buckets.putArray(k);
          list.forEach(arr::add);
        });
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    // it holds every Secret: readable by the owner only, from its first byte
    Files.createFile(tmp, ownerOnly(tmp, "rw-------"));
    // a stream, not a FileChannel: an interrupt (the saver stopping) must not close it mid-write
    try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
      BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
      Json.MAPPER
          .writerWithDefaultPrettyPrinter()
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .writeValue(buffered, root);
      buffered.flush();
      out.getFD().sync();
    } catch (IOException e) {
      Files.deleteIfExists(tmp); // a half-written snapshot must not fill the disk further
      throw e;
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    WriteAheadLog.syncDirectory(file.getParent());
    lastSave = System.nanoTime();
  }
}
