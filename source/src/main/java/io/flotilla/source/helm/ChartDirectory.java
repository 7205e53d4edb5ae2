package io.flotilla.source.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a chart directory as Helm packages them: what {@code .helmignore} excludes left out,
 * links not followed (one could point outside the artifact), bounded in count and bytes.
 */
final class ChartDirectory {
  private ChartDirectory() {}

  /** The files by path relative to {@code dir}, {@code /}-separated. */
  static SortedMap<String, byte[]> load(Path dir, ChartArchive.Limits limits) throws IOException {
    Path ignoreFile = dir.resolve(".helmignore");
    HelmIgnore ignore =
        HelmIgnore.parse(Files.isRegularFile(ignoreFile) ? Files.readString(ignoreFile) : null);
    SortedMap<String, byte[]> files = new TreeMap<>();
    long[] total = {0};
    walk(dir, dir, ignore, files, total, limits);
    return files;
  }

  private static void walk(
      Path root,
      Path dir,
      HelmIgnore ignore,
      SortedMap<String, byte[]> files,
      long[] total,
      ChartArchive.Limits limits)
      throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted().toList();
    }
    for (Path p : children) {
      String rel = root.relativize(p).toString().replace('\\', '/');
      // links are not followed: a link could point outside the artifact
      if (Files.isSymbolicLink(p)) {
        continue;
      }
      boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      if (ignore.ignored(rel, isDir)) {
        continue;
      }
      if (isDir) {
        walk(root, p, ignore, files, total, limits);
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        if (files.size() >= limits.maxFiles()) {
          throw new IOException("chart has more than %d files".formatted(limits.maxFiles()));
        }
        total[0] += Files.size(p);
        if (total[0] > limits.maxBytes()) {
          throw new IOException(
              "chart exceeds the maximum chart size of %d bytes".formatted(limits.maxBytes()));
        }
        files.put(rel, Files.readAllBytes(p));
      }
    }
  }
}
