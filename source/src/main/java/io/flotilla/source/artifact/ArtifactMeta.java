package io.flotilla.source.artifact;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small properties file beside each stored artifact ({@code <file>.meta}: revision, digest,
 * size, time of storing). Only files with one are served or listed, so a file someone else put into
 * the storage directory never becomes an artifact.
 */
final class ArtifactMeta {
  // the storage's logger: these lines are about its artifacts
  private static final Logger log = LoggerFactory.getLogger(ArtifactStorage.class);

  static final String SUFFIX = ".meta";

  private ArtifactMeta() {}

  /** The metadata file of {@code archive}. */
  static Path of(Path archive) {
    return archive.resolveSibling(archive.getFileName() + SUFFIX);
  }

  static void write(Path archive, String revision, String digest, long size, Instant at)
      throws IOException {
    Path file = of(archive);
    Properties p = new Properties();
    p.setProperty("revision", revision);
    p.setProperty("digest", digest);
    p.setProperty("size", Long.toString(size));
    p.setProperty("lastUpdateTime", at.toString());
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, null);
    }
    move(tmp, file);
  }

  /** The stored artifact {@code archive} (at {@code path}, served at {@code url}), if readable. */
  static Optional<StoredArtifact> read(Path archive, String path, String url) {
    Path meta = of(archive);
    if (!Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
      p.load(r);
      return Optional.of(
          new StoredArtifact(
              path,
              url,
              p.getProperty("revision"),
              p.getProperty("digest"),
              Long.parseLong(p.getProperty("size", "0")),
              Instant.parse(p.getProperty("lastUpdateTime"))));
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring artifact {} with unreadable metadata: {}", archive, e.getMessage());
      return Optional.empty();
    }
  }

  /** Replaces {@code to} atomically where the file system can, so readers never see half. */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
