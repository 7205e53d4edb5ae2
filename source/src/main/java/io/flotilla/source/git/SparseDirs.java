package io.flotilla.source.git;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code spec.sparseCheckout} on a work tree: what stays, and that every directory was there. */
final class SparseDirs {
  private SparseDirs() {}

  /** Fails as Flux does when a sparse directory is not a directory of the checked-out commit. */
  static void requirePresent(Path root, List<String> dirs) throws SourceException {
    for (String d : dirs) {
      if (!Files.isDirectory(root.resolve(d))) {
        throw SourceException.retryable(
            Reasons.GIT_OPERATION_FAILED,
            "failed to sparse checkout directories : sparse checkout dir '%s' does not exist in repository"
                .formatted(d),
            null);
      }
    }
  }

  /** Deletes everything outside {@code dirs} (and outside {@code .git}) from a full checkout. */
  static void prune(Path root, List<String> dirs) throws IOException {
    List<Path> keep = dirs.stream().map(root::resolve).toList();
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> doomed =
          walk.filter(p -> !p.equals(root))
              .filter(p -> !root.relativize(p).startsWith(".git"))
              .filter(p -> keep.stream().noneMatch(k -> p.startsWith(k) || k.startsWith(p)))
              .sorted(Comparator.reverseOrder())
              .toList();
      for (Path p : doomed) {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> left = Files.list(p)) {
            if (left.findAny().isPresent()) {
              continue;
            }
          }
        }
        Files.deleteIfExists(p);
      }
    }
  }
}
