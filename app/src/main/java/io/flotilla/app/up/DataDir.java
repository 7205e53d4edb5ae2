package io.flotilla.app.up;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data dir of one `flotilla up`, held for as long as it runs: an exclusive lock on {@code
 * up.lock}, taken before anything else in the dir is written, so that a second `up` on the same dir
 * changes nothing. The dir is 0700 and the files holding secrets 0600, including those of a dir
 * made by an older Flotilla.
 */
final class DataDir implements AutoCloseable {
  static final String LOCK_FILE = "up.lock";

  /** Files that hold secrets: tokens, keys, the store, every Kubernetes Secret. */
  static final List<String> SECRET_FILES =
      List.of(
          "kubeconfig",
          "admin-token",
          "encryption-key",
          "flotilla.mv.db",
          "flotilla.trace.db",
          "kube/admin-token",
          "kube/state.json",
          "kube/state.json.tmp",
          "kube/pki/server.key",
          ServedCluster.FILE,
          LOCK_FILE);

  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  /** The data dirs this process holds, and what a second `up` in it is told about the holder. */
  private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path root;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDir(Path root, FileChannel channel, FileLock lock) {
    this.root = root;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates the dir if needed and locks it; refuses a dir that cannot be written or that another
   * `flotilla up` holds, with what to do.
   */
  static DataDir open(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new StartRefused(
          "the data dir " + root + " is a file, not a directory; choose another with --data-dir");
    }
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw notWritable(root, e);
    }
    String heldHere = HELD.get(root);
    if (heldHere != null) {
      // asked before opening the file: with POSIX locks, closing any descriptor of a file would
      // release this process's lock on it
      throw inUse(root, heldHere);
    }
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw notWritable(root, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // another thread of this process took it a moment ago; its channel must stay open
      throw inUse(root, "pid " + ProcessHandle.current().pid());
    } catch (IOException e) {
      close(channel);
      throw notWritable(root, e);
    }
    if (lock == null) {
      close(channel);
      throw inUse(root, holder(root));
    }
    DataDir d = new DataDir(root, channel, lock);
    try {
      Path probe = Files.createTempFile(root, ".write-check", ".tmp");
      Files.delete(probe);
      d.describe("pid " + ProcessHandle.current().pid());
      d.restrictPermissions();
    } catch (IOException e) {
      d.close();
      throw notWritable(root, e);
    }
    return d;
  }

  Path root() {
    return root;
  }

  Path resolve(String relative) {
    return root.resolve(relative);
  }

  /** What a second `up` prints about this one: the pid and, once known, the service's URL. */
  void describe(String holder) throws IOException {
    HELD.put(root, holder);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
  }

  /** 0700 for the dir and {@code kube/}, 0600 for the files with secrets that exist. */
  void restrictPermissions() throws IOException {
    if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Files.setPosixFilePermissions(root, OWNER_ONLY_DIR);
    Path kube = root.resolve("kube");
    if (Files.isDirectory(kube)) {
      Files.setPosixFilePermissions(kube, OWNER_ONLY_DIR);
    }
    for (String name : SECRET_FILES) {
      Path f = root.resolve(name);
      if (Files.isRegularFile(f)) {
        Files.setPosixFilePermissions(f, OWNER_ONLY_FILE);
      }
    }
  }

  private static StartRefused inUse(Path root, String holder) {
    return new StartRefused(
        "the data dir "
            + root
            + " is in use by another flotilla up ("
            + holder
            + "); nothing was changed. Stop that one first (Ctrl-C), or give this one another"
            + " --data-dir.");
  }

  private static String holder(Path root) {
    try {
      String text = Files.readString(root.resolve(LOCK_FILE), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "its pid is not recorded" : text;
    } catch (IOException e) {
      return "its pid is not recorded";
    }
  }

  private static StartRefused notWritable(Path root, IOException e) {
    String why =
        e instanceof AccessDeniedException
            ? "permission denied"
            : e instanceof FileSystemException fs && fs.getReason() != null
                ? fs.getReason()
                : e.getMessage();
    return new StartRefused(
        "the data dir "
            + root
            + " cannot be written ("
            + why
            + "); nothing was started. Fix its permissions, or choose another with --data-dir.",
        e);
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was written through it
    }
  }

  @Override
  public void close() {
    HELD.remove(root);
    try {
      channel.truncate(0);
    } catch (IOException ignored) {
      // the next `up` overwrites it anyway
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    close(channel);
  }
}
