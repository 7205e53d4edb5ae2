package io.flotilla.source.artifact;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs a directory into a deterministic tar.gz: entries sorted by name, modification times, owners
 * and names cleared, modes normalised to 0644 (0755 when executable) and 0755 for directories, a
 * gzip header without a time stamp. The same tree therefore always gives the same bytes and digest.
 * Symlinks that resolve inside the tree are stored as the file or directory they point to; one
 * pointing outside it fails the archive naming the link (unless ignored); dangling ones and special
 * files are dropped.
 */
final class ArchivePacker {
  private static final Logger log = LoggerFactory.getLogger(ArchivePacker.class);
  private static final Date EPOCH = new Date(0);

  /** Raised when the archive grows beyond the limit. */
  static final class TooLargeException extends IOException {
    TooLargeException(long limit) {
      super("artifact exceeds the size limit of " + limit + " bytes");
    }
  }

  /**
   * Raised for a symlink that resolves outside the tree: refused rather than dropped, since
   * dropping it would apply a folder without the file its author meant to be there.
   */
  static final class LinkOutsideException extends IOException {
    LinkOutsideException(String link, String target) {
      super(
          "symlink '%s' points outside the source tree (to '%s'): links must resolve inside the"
                  .formatted(link, target)
              + " repository; remove the link or exclude it with spec.ignore or .sourceignore");
    }
  }

  private ArchivePacker() {}

  /** Where {@code link} finally leads, or null when it dangles. */
  private static Path resolved(Path link) {
    try {
      return link.toRealPath();
    } catch (IOException dangling) {
      return null;
    }
  }

  /** Writes the archive of {@code dir} to {@code out}; returns the number of bytes written. */
  static long pack(Path dir, SourceIgnore.Matcher ignore, OutputStream out, long maxBytes)
      throws IOException {
    Path root = dir.toRealPath();
    Counting counting = new Counting(out, maxBytes);
    try (GZIPOutputStream gz = new GZIPOutputStream(counting, 64 * 1024);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      Set<Path> active = new HashSet<>();
      active.add(root);
      walk(root, root, new ArrayList<>(), ignore, tar, active);
      tar.finish();
    }
    return counting.count;
  }

  private static void walk(
      Path root,
      Path dir,
      List<String> rel,
      SourceIgnore.Matcher ignore,
      TarArchiveOutputStream tar,
      Set<Path> active)
      throws IOException {
    List<Path> children;
    try (var s = Files.list(dir)) {
      children =
          s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
              .toList();
    }
    for (Path child : children) {
      List<String> path = new ArrayList<>(rel);
      path.add(child.getFileName().toString());
      String name = String.join("/", path);
      BasicFileAttributes attrs =
          Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Path target = child;
      if (attrs.isSymbolicLink()) {
        Path real = resolved(child);
        boolean outside =
            real == null
                ? !child
                    .getParent()
                    .resolve(Files.readSymbolicLink(child))
                    .normalize()
                    .startsWith(root)
                : !real.startsWith(root);
        if (outside) {
          if (ignore.excluded(path, false) || ignore.excluded(path, true)) {
            continue;
          }
          throw new LinkOutsideException(name, Files.readSymbolicLink(child).toString());
        }
        if (real == null) {
          log.debug("dropping dangling symlink {}", name);
          continue;
        }
        target = real;
        attrs = Files.readAttributes(real, BasicFileAttributes.class);
      }
      if (attrs.isDirectory()) {
        if (ignore.excluded(path, true)) {
          continue;
        }
        Path real = target.toRealPath();
        if (!active.add(real)) {
          log.debug("dropping symlink {} that loops back to its parent", name);
          continue;
        }
        TarArchiveEntry entry = entry(name + "/", TarArchiveEntry.DEFAULT_DIR_MODE);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        walk(root, target, path, ignore, tar, active);
        active.remove(real);
      } else if (attrs.isRegularFile()) {
        if (ignore.excluded(path, false)) {
          continue;
        }
        TarArchiveEntry entry = entry(name, executable(target) ? 0100755 : 0100644);
        entry.setSize(attrs.size());
        tar.putArchiveEntry(entry);
        try (InputStream in = Files.newInputStream(target)) {
          long copied = in.transferTo(tar);
          if (copied != attrs.size()) {
            throw new IOException("file " + name + " changed while it was being packed");
          }
        }
        tar.closeArchiveEntry();
      }
    }
  }

  private static TarArchiveEntry entry(String name, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(mode);
    e.setModTime(EPOCH);
    e.setUserId(0);
    e.setGroupId(0);
    e.setUserName("");
    e.setGroupName("");
    return e;
  }

  private static boolean executable(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return false;
    }
    Set<PosixFilePermission> perms = view.readAttributes().permissions();
    return perms.contains(PosixFilePermission.OWNER_EXECUTE)
        || perms.contains(PosixFilePermission.GROUP_EXECUTE)
        || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
  }

  private static final class Counting extends FilterOutputStream {
    private final long max;
    long count;

    Counting(OutputStream out, long max) {
      super(out);
      this.max = max;
    }

    @Override
    public void write(int b) throws IOException {
      add(1);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      add(len);
      out.write(b, off, len);
    }

    private void add(long n) throws IOException {
      count += n;
      if (max > 0 && count > max) {
        throw new TooLargeException(max);
      }
    }
  }
}
