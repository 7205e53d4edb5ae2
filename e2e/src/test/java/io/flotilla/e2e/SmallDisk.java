package io.flotilla.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test, so that it can be filled for real: writes on it then fail with
 * {@code No space left on device}, as on a full disk. Mounting needs root (as {@code .ci/run}
 * runs); {@link #mount} says why when it cannot.
 */
final class SmallDisk implements AutoCloseable {
  private final Path dir;
  private final Path filler;

  private SmallDisk(Path dir) {
    this.dir = dir;
    this.filler = dir.resolve(".filler");
  }

  /** Mounts a tmpfs of {@code megabytes} on {@code dir}; throws with mount's words if it cannot. */
  static SmallDisk mount(Path dir, int megabytes) throws Exception {
    Files.createDirectories(dir);
    Process p =
        new ProcessBuilder(
                "mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("cannot mount a tmpfs on " + dir + ": " + out.strip());
    }
    return new SmallDisk(dir);
  }

  /** Makes the mounted file system read-only, as a disk remounted read-only after errors is. */
  void readOnly() throws Exception {
    Process p =
        new ProcessBuilder("mount", "-o", "remount,ro", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("cannot remount " + dir + " read-only: " + out.strip());
    }
  }

  Path dir() {
    return dir;
  }

  long free() throws IOException {
    FileStore store = Files.getFileStore(dir);
    return store.getUsableSpace();
  }

  /** Fills the disk until a write fails: no byte is left. */
  void fill() throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (free() > block.length) {
        throw full; // something else went wrong
      }
    }
  }

  /** Frees what {@link #fill} took. */
  void clear() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws Exception {
    Process p =
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(30, TimeUnit.SECONDS);
  }
}
