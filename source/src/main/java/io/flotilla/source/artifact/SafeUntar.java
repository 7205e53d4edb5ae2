package io.flotilla.source.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Extracts a tar.gz into a directory, refusing what could escape it or surprise a reader: absolute
 * names, {@code ..} segments, backslashes, links, device files and FIFOs. The total of extracted
 * bytes is bounded.
 */
final class SafeUntar {
  private SafeUntar() {}

  static final class RejectedException extends IOException {
    RejectedException(String message) {
      super(message);
    }
  }

  static void extract(InputStream gz, Path into, long maxBytes) throws IOException {
    Path root = into.toAbsolutePath().normalize();
    Files.createDirectories(root);
    long total = 0;
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(gz, 64 * 1024), "UTF-8")) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        if (!validName(name)) {
          throw new RejectedException("tar contained invalid name error \"" + name + "\"");
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
          throw new RejectedException("tar contained invalid name error \"" + name + "\"");
        }
        if (e.isSymbolicLink() || e.isLink()) {
          throw new RejectedException(
              "tar file entry " + name + " is a symlink, which is not allowed in this context");
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
          throw new RejectedException(
              "tar file entry %s contained unsupported file type %s".formatted(name, type(e)));
        } else if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (isRegular(e)) {
          total += e.getSize();
          if (maxBytes > 0 && total > maxBytes) {
            throw new RejectedException(
                "tar \"%s\" is bigger than max archive size of %d bytes".formatted(name, maxBytes));
          }
          Files.createDirectories(target.getParent());
          if (Files.isSymbolicLink(target)) {
            throw new RejectedException("tar file entry " + name + " overwrites a symlink");
          }
          long written;
          try (OutputStream out = Files.newOutputStream(target)) {
            written = copyBounded(tar, out, e.getSize());
          }
          if (written != e.getSize()) {
            throw new RejectedException(
                "only wrote %d bytes to %s; expected %d".formatted(written, name, e.getSize()));
          }
          if ((e.getMode() & 0111) != 0) {
            target.toFile().setExecutable(true, true);
          }
        } else {
          throw new RejectedException(
              "tar file entry %s contained unsupported file type %s".formatted(name, type(e)));
        }
      }
    }
  }

  static boolean validName(String p) {
    if (p == null || p.isEmpty() || p.contains("\\") || p.startsWith("/") || p.indexOf('\0') >= 0) {
      return false;
    }
    for (String seg : p.split("/")) {
      if (seg.equals("..")) {
        return false;
      }
    }
    return !(p.length() > 1 && p.charAt(1) == ':');
  }

  private static long copyBounded(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buf = new byte[32 * 1024];
    long written = 0;
    while (written < size) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, size - written));
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
      written += n;
    }
    return written;
  }

  private static boolean isRegular(TarArchiveEntry e) {
    byte flag = e.getLinkFlag();
    return flag == TarConstants.LF_NORMAL
        || flag == TarConstants.LF_OLDNORM
        || flag == TarConstants.LF_CONTIG;
  }

  private static String type(TarArchiveEntry e) {
    if (e.isCharacterDevice()) return "character device";
    if (e.isBlockDevice()) return "block device";
    if (e.isFIFO()) return "named pipe";
    return "type " + (char) e.getLinkFlag();
  }
}
