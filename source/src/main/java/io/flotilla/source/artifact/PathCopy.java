package io.flotilla.source.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * source-controller's {@code CopyToPath}: one directory or file of a stored tar.gz copied out to
 * another directory (a GitRepository's {@code include}). The archive is unpacked into a private
 * temporary directory first; neither path may leave its root, and links are not followed.
 */
final class PathCopy {
  private PathCopy() {}

  /**
   * @param fromPath inside the archive, {@code .} (or blank) for all of it
   * @param maxUnpackedBytes the bound on what unpacking may write
   * @throws IOException when the archive is unreadable or {@code fromPath} is not in it
   */
  static void copy(Path archive, String fromPath, Path toDir, long maxUnpackedBytes)
      throws IOException {
    Path tmp = Files.createTempDirectory("include-");
    try {
      try (InputStream in = Files.newInputStream(archive)) {
        SafeUntar.extract(in, tmp, maxUnpackedBytes);
      }
      String rel = fromPath == null || fromPath.isBlank() ? "." : fromPath.strip();
      rel = rel.replaceFirst("^/+", "");
      Path from = tmp.resolve(rel).normalize();
      if (!from.startsWith(tmp) || !Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("'%s' does not exist in the artifact".formatted(fromPath));
      }
      Files.createDirectories(toDir);
      if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
        Files.copy(
            from,
            toDir.resolve(from.getFileName().toString()),
            StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      copyTree(from, toDir);
    } finally {
      try (Stream<Path> walk = Files.walk(tmp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp directory left behind is harmless
      }
    }
  }

  private static void copyTree(Path src, Path toDir) throws IOException {
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : walk.toList()) {
        Path target = toDir.resolve(src.relativize(p).toString()).normalize();
        if (!target.startsWith(toDir)) {
          continue;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
