package io.flotilla.controllers.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories of one reconcile, created under the controller's work dir. */
public final class TempDirs {
  private TempDirs() {}

  public static Path create(Path workDir, String prefix) throws IOException {
    Files.createDirectories(workDir);
    return Files.createTempDirectory(workDir, prefix);
  }

  /** A scratch directory that {@code close} removes: for try-with-resources. */
  public record Scratch(Path path) implements AutoCloseable {
    @Override
    public void close() {
      deleteQuietly(path);
    }
  }

  /** Creates a {@link Scratch} directory under {@code workDir}. */
  public static Scratch scratch(Path workDir, String prefix) throws IOException {
    return new Scratch(create(workDir, prefix));
  }

  /** Best effort: a leftover scratch dir is harmless and the work dir is per process. */
  public static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // ignored on purpose, see above
    }
  }
}
