package io.flotilla.kube.store;

import io.flotilla.kube.base.ApiException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded API's write-ahead log: every committed change, in commit order, made durable (write
 * and fsync) before the writer is answered, so an acknowledged write survives {@code kill -9} and a
 * power cut; {@link Persistence}'s snapshot compacts it.
 *
 * <p>Appends happen under the store lock and only queue the change. The answering thread then calls
 * {@link #awaitOwnWrites()}: the first waiter writes and syncs everything queued so far while the
 * others queue behind it, so one fsync serves every writer in flight (group commit) and the log is
 * always a prefix of the commit order. Changes nobody waits for (the simulated control plane, the
 * collector) ride along with the next sync or the next snapshot.
 *
 * <p>Segments are {@code <dataDir>/kube/wal/<n>.log}: an 8-byte magic, then records {@code [int
 * length][int crc32c][long rv][byte deleted][short bucket length][bucket][object JSON]}. A record
 * cut short or failing its checksum at the end of the last segment is a write the crash
 * interrupted, never acknowledged, and is dropped on recovery; anywhere else it is corruption and
 * recovery refuses to guess.
 */
public final class WriteAheadLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);
  private static final byte[] MAGIC = "FLTWAL01".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 8;
  private static final int FIXED = 8 + 1 + 2;

  /** The last change this thread committed and has not yet seen made durable. */
  private static final ThreadLocal<Unsynced> OWN = new ThreadLocal<>();

  private record Unsynced(WriteAheadLog log, long seq) {}

  /** One committed change: the object as stored, or as it was last when {@code deleted}. */
  public record Entry(long rv, boolean deleted, String storageKey, byte[] json) {}

  /** What recovery read: the changes in commit order and the highest segment number seen. */
  public record Recovered(List<Entry> entries, long lastSegment) {}

  private final Path dir;
  private final Object queueLock = new Object();
  private List<Entry> queued = new ArrayList<>();
  private volatile long appended;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile long synced;

  /**
   * The current segment. A RandomAccessFile, not a FileChannel: an interrupt of the thread that
   * happens to write (a request's, a watch's) would close a channel for good.
   */
  private RandomAccessFile file;

  private long segment;
  private volatile long bytes;
  private boolean failing;

  private WriteAheadLog(Path dir) {
    this.dir = dir;
  }

  static Path dir(Path dataDir) {
    return dataDir.resolve("kube").resolve("wal");
  }

  /** Opens a new segment after {@code lastSegment}; older segments stay until {@link #compact}. */
  public static WriteAheadLog open(Path dir, long lastSegment) {
    WriteAheadLog log = new WriteAheadLog(dir);
    try {
      Files.createDirectories(dir, Persistence.ownerOnly(dir, "rwx------"));
      log.startSegment(lastSegment + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the write-ahead log in " + dir, e);
    }
    return log;
  }

  /** Queues a change; call under the store lock, so the queue is in commit order. */
  public void append(Entry e) {
    long seq;
    synchronized (queueLock) {
      queued.add(e);
      seq = ++appended;
    }
    OWN.set(new Unsynced(this, seq));
  }

  /**
   * Notes that the calling thread read the store: its answer must then wait, like a write's, until
   * every change committed so far is durable, so that no client sees a state a crash would undo.
   * Costs nothing while the log is synced.
   */
  void noteRead() {
    long seq = appended;
    if (synced < seq) {
      Unsynced own = OWN.get();
      if (own == null || own.log != this || own.seq < seq) {
        OWN.set(new Unsynced(this, seq));
      }
    }
  }

  /**
   * Makes every change the calling thread committed (or saw, see {@link #noteRead}) durable; the
   * embedded API calls it before it answers. A failure to write is an {@link ApiException} 500: the
   * change is in memory and stays queued, so a later sync still writes it in order.
   */
  public static void awaitOwnWrites() {
    Unsynced own = OWN.get();
    if (own == null) {
      return;
    }
    OWN.remove();
    try {
      own.log.sync(own.seq);
    } catch (IOException e) {
      throw new ApiException(
          500,
          "InternalError",
          "Internal error occurred: the change could not be written to "
              + own.log.dir
              + ": "
              + e.getMessage(),
          null,
          null,
          null,
          List.of());
    }
  }

  /** Writes and syncs everything queued up to at least {@code seq}. */
  void sync(long seq) throws IOException {
    if (synced >= seq) {
      return;
    }
    writeLock.lock();
    try {
      if (synced < seq) {
        flush();
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Writes and syncs everything queued so far. */
  public void syncAll() throws IOException {
    sync(appended);
  }

  /** Bytes written to the current segment, that is since the last snapshot. */
  long size() {
    return bytes;
  }

  private void flush() throws IOException {
    List<Entry> batch;
    long upTo;
    synchronized (queueLock) {
      batch = queued;
      upTo = appended;
      queued = new ArrayList<>();
    }
    if (batch.isEmpty()) {
      synced = upTo;
      return;
    }
    ByteBuffer buf = frame(batch);
    long start = file.getFilePointer();
    try {
      file.write(buf.array(), 0, buf.limit());
      file.getFD().sync();
    } catch (IOException e) {
      requeue(batch);
      try {
        file.setLength(start);
        file.seek(start);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      if (!failing) {
        failing = true;
        LOG.error("cannot write the write-ahead log in {}; writes are answered 500", dir, e);
      }
      throw e;
    }
    if (failing) {
      failing = false;
      LOG.info("the write-ahead log in {} is written again", dir);
    }
    bytes += buf.limit();
    synced = upTo;
  }

  /** Puts a batch that could not be written back in front, so the log stays in commit order. */
  private void requeue(List<Entry> batch) {
    synchronized (queueLock) {
      batch.addAll(queued);
      queued = batch;
    }
  }

  private static ByteBuffer frame(List<Entry> batch) {
    int total = 0;
    byte[][] keys = new byte[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      keys[i] = batch.get(i).storageKey().getBytes(StandardCharsets.UTF_8);
      total += HEADER + FIXED + keys[i].length + batch.get(i).json().length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    CRC32C crc = new CRC32C();
    for (int i = 0; i < batch.size(); i++) {
      Entry e = batch.get(i);
      int length = FIXED + keys[i].length + e.json().length;
      int at = buf.position();
      buf.putInt(length).putInt(0);
      buf.putLong(e.rv()).put((byte) (e.deleted() ? 1 : 0)).putShort((short) keys[i].length);
      buf.put(keys[i]).put(e.json());
      crc.reset();
      crc.update(buf.array(), at + HEADER, length);
      buf.putInt(at + 4, (int) crc.getValue());
    }
    return buf.flip();
  }

  /**
   * Closes the current segment with everything queued so far in it and starts the next one, so a
   * snapshot taken afterwards covers the closed segments. Returns the last closed segment number.
   */
  public long rotate() throws IOException {
    writeLock.lock();
    try {
      flush();
      // the next segment first: if it cannot be made, the log goes on in the current one
      RandomAccessFile next = newSegment(segment + 1);
      file.close();
      file = next;
      long closed = segment++;
      bytes = 0;
      return closed;
    } finally {
      writeLock.unlock();
    }
  }

  /** Deletes the segments up to {@code through}, once a durable snapshot covers them. */
  public void compact(long through) throws IOException {
    for (Path p : segments(dir)) {
      if (number(p) <= through) {
        Files.delete(p);
      }
    }
    syncDirectory(dir);
  }

  private void startSegment(long n) throws IOException {
    file = newSegment(n);
    segment = n;
  }

  /** A new, synced, empty segment; nothing is left behind if it cannot be made. */
  private RandomAccessFile newSegment(long n) throws IOException {
    Path path = dir.resolve(String.format("%020d.log", n));
    Files.createFile(path, Persistence.ownerOnly(path, "rw-------"));
    RandomAccessFile f = null;
    try {
      f = new RandomAccessFile(path.toFile(), "rw");
      f.write(MAGIC);
      f.getFD().sync();
      syncDirectory(dir);
      return f;
    } catch (IOException e) {
      if (f != null) {
        f.close();
      }
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /** Makes a directory's entries (a new, renamed or deleted file) durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** Syncs what is queued and closes the segment; appends after this are not written. */
  @Override
  public void close() {
    writeLock.lock();
    try {
      flush();
    } catch (IOException e) {
      LOG.warn("cannot write the last changes to the write-ahead log in {}", dir, e);
    } finally {
      try {
        file.close();
      } catch (IOException e) {
        LOG.debug("closing the write-ahead log", e);
      }
      writeLock.unlock();
    }
  }

  /** Reads every segment in order; see the class comment for what is dropped and what refused. */
  public static Recovered read(Path dir) {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return new Recovered(entries, 0);
    }
    List<Path> files = segments(dir);
    for (int i = 0; i < files.size(); i++) {
      readSegment(files.get(i), i == files.size() - 1, entries);
    }
    return new Recovered(entries, files.isEmpty() ? 0 : number(files.get(files.size() - 1)));
  }

  private static void readSegment(Path file, boolean last, List<Entry> into) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the write-ahead log " + file, e);
    }
    ByteBuffer buf = ByteBuffer.wrap(all);
    if (all.length < MAGIC.length || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      if (last && all.length < MAGIC.length) {
        return; // created, then the crash came before its first byte was synced
      }
      throw corrupt(file, 0, "it does not start as a Flotilla write-ahead log");
    }
    buf.position(MAGIC.length);
    CRC32C crc = new CRC32C();
    while (buf.hasRemaining()) {
      int at = buf.position();
      String problem = null;
      if (buf.remaining() < HEADER + FIXED) {
        problem = "a record header is cut short";
      } else {
        int length = buf.getInt();
        int sum = buf.getInt();
        if (length < FIXED || length > buf.remaining()) {
          problem = "a record's length (" + length + ") runs past the end";
        } else {
          crc.reset();
          crc.update(all, buf.position(), length);
          if ((int) crc.getValue() != sum) {
            problem = "a record fails its checksum";
          } else {
            into.add(entry(buf, length));
            continue;
          }
        }
      }
      if (!last) {
        throw corrupt(file, at, problem);
      }
      LOG.warn(
          "write-ahead log {}: {} at byte {}; the last {} bytes were an unfinished write and are"
              + " dropped",
          file,
          problem,
          at,
          all.length - at);
      return;
    }
  }

  private static Entry entry(ByteBuffer buf, int length) {
    int end = buf.position() + length;
    long rv = buf.getLong();
    boolean deleted = buf.get() == 1;
    byte[] key = new byte[buf.getShort() & 0xffff];
    buf.get(key);
    byte[] json = new byte[end - buf.position()];
    buf.get(json);
    return new Entry(rv, deleted, new String(key, StandardCharsets.UTF_8), json);
  }

  private static IllegalStateException corrupt(Path file, int at, String problem) {
    return new IllegalStateException(
        "The Kubernetes write-ahead log "
            + file
            + " is corrupt at byte "
            + at
            + " ("
            + problem
            + "), before its last segment ends, so recovering would skip acknowledged changes."
            + " Refusing to start. To start from the last snapshot (kube/state.json) and lose the"
            + " changes after it, move "
            + file.getParent()
            + " aside.");
  }

  private static List<Path> segments(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("\\d{20}\\.log"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the write-ahead log in " + dir, e);
    }
  }

  private static long number(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - ".log".length()));
  }
}
