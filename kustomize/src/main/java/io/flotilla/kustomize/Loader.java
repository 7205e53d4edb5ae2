package io.flotilla.kustomize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * All file access of a build goes through here, so nothing is read from outside the root: paths are
 * normalised and symlinks resolved before the check, and reads are size-bounded.
 */
final class Loader {
  private final Path root;
  private final Path realRoot;
  private final long maxFileBytes;
  private final boolean restrictToKustomization;

  Loader(Path root, long maxFileBytes) throws KustomizeException {
    this(root, maxFileBytes, false);
  }

  Loader(Path root, long maxFileBytes, boolean restrictToKustomization) throws KustomizeException {
    this.restrictToKustomization = restrictToKustomization;
    this.root = root.toAbsolutePath().normalize();
    try {
      this.realRoot = this.root.toRealPath();
    } catch (IOException e) {
      throw new KustomizeException("root directory '" + root + "' does not exist");
    }
    this.maxFileBytes = maxFileBytes;
  }

  private Path displayBase;

  /** Paths in messages are shown relative to this directory (the build directory). */
  void displayBase(Path dir) {
    this.displayBase = dir.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /** Resolves {@code relative} against {@code base} and checks that it stays under the root. */
  Path resolve(Path base, String relative) throws KustomizeException {
    Path p = base.resolve(relative).toAbsolutePath().normalize();
    confirm(p);
    return p;
  }

  /** Fails with kustomize's message if {@code p} (or what it links to) is outside the root. */
  void confirm(Path p) throws KustomizeException {
    Path abs = p.toAbsolutePath().normalize();
    boolean inside = abs.startsWith(root);
    if (inside && Files.exists(abs)) {
      try {
        inside = abs.toRealPath().startsWith(realRoot);
      } catch (IOException e) {
        inside = false;
      }
    }
    if (!inside) {
      throw new KustomizeException(
          "security; file '%s' is not in or below '%s'".formatted(abs, root));
    }
  }

  boolean isDirectory(Path p) {
    return Files.isDirectory(p);
  }

  boolean isFile(Path p) {
    return Files.isRegularFile(p);
  }

  /**
   * A file a kustomization in {@code dir} reads (resource, patch, generator source): with the
   * default load restriction it must be in or below {@code dir}.
   */
  Path resolveFile(Path dir, String relative) throws KustomizeException {
    Path p = resolve(dir, relative);
    if (restrictToKustomization) {
      Path base = dir.toAbsolutePath().normalize();
      boolean inside = p.startsWith(base);
      if (inside && Files.exists(p)) {
        try {
          inside = p.toRealPath().startsWith(base.toRealPath());
        } catch (IOException e) {
          inside = false;
        }
      }
      if (!inside) {
        throw new KustomizeException(
            "security; file '%s' is not in or below '%s'".formatted(display(p), display(base)));
      }
    }
    return p;
  }

  byte[] readBytes(Path p) throws KustomizeException {
    return readBounded(p, Files::readAllBytes);
  }

  String read(Path p) throws KustomizeException {
    return readBounded(p, f -> Files.readString(f, StandardCharsets.UTF_8));
  }

  /** How a file is read once it is known to be inside the root and within the size limit. */
  private interface FileRead<T> {
    T read(Path p) throws IOException;
  }

  private <T> T readBounded(Path p, FileRead<T> how) throws KustomizeException {
    confirm(p);
    try {
      long size = Files.size(p);
      if (size > maxFileBytes) {
        throw new KustomizeException(
            "file '%s' is %d bytes, more than the limit of %d"
                .formatted(display(p), size, maxFileBytes));
      }
      return how.read(p);
    } catch (NoSuchFileException e) {
      throw new KustomizeException("no such file or directory: '" + display(p) + "'");
    } catch (IOException e) {
      throw new KustomizeException("cannot read '" + display(p) + "': " + e.getMessage(), e);
    }
  }

  /** Sorted entries of a directory (names compared like Go's filepath.Walk does). */
  List<Path> list(Path dir) throws KustomizeException {
    confirm(dir);
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new KustomizeException("cannot list '" + display(dir) + "': " + e.getMessage(), e);
    }
  }

  /** The path as shown to users: relative to the build directory, with forward slashes. */
  String display(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path base = displayBase != null ? displayBase : root;
    if (!abs.startsWith(base)) {
      return abs.toString();
    }
    String rel = base.relativize(abs).toString().replace('\\', '/');
    return rel.isEmpty() ? "." : rel;
  }
}
