package io.flotilla.controllers.source;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.SourceIgnore;
import io.flotilla.source.artifact.StoredArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One object's artifacts in storage, as every source kind handles them: found again with the URL of
 * the artifact server's current address (it moves with the port after a restart, and
 * source-controller re-derives it on every reconcile), stored with the two newest kept. {@code
 * storage} is also where a kind reads other objects' artifacts.
 */
public record Artifacts(ArtifactStorage storage, String kind, String namespace, String name) {
  /** How many artifacts of an object stay after a store: the new one and the one before. */
  private static final int KEEP = 2;

  /**
   * The newest stored artifact when {@code previous} (the status's) is of {@code revision}, else
   * empty: the artifact has to be built.
   */
  public Optional<Artifact> unchanged(Artifact previous, String revision) {
    if (previous == null || !revision.equals(previous.revision())) {
      return Optional.empty();
    }
    return storage.latest(kind, namespace, name).map(StoredArtifact::toApi);
  }

  /** The stored artifact {@code which} picks, as served now. */
  public Optional<Artifact> find(Predicate<StoredArtifact> which) {
    return storage.list(kind, namespace, name).stream()
        .filter(which)
        .findFirst()
        .map(StoredArtifact::toApi);
  }

  /** The stored artifact of {@code artifact}'s path, as served now. */
  public Optional<Artifact> find(Artifact artifact) {
    return find(a -> a.path().equals(artifact.path()));
  }

  /** The newest stored artifact's digest, null when there is none. */
  public String latestDigest() {
    return storage.latest(kind, namespace, name).map(StoredArtifact::digest).orElse(null);
  }

  /** Whether the status's {@code artifact} is gone from storage (false when there is none). */
  public boolean disappeared(Artifact artifact) {
    return artifact != null && storage.localPath(artifact.path()).filter(Files::exists).isEmpty();
  }

  /** Packs {@code dir} (less what {@code ignore} excludes) as the artifact of {@code revision}. */
  public StoredArtifact store(String revision, Path dir, String ignore) throws SourceException {
    return kept(storage.store(kind, namespace, name, revision, dir, SourceIgnore.of(ignore)));
  }

  /** Stores {@code file} as it is, named after its digest. */
  public StoredArtifact storeFile(String revision, Path file) throws SourceException {
    return kept(storage.storeFile(kind, namespace, name, revision, file));
  }

  /** Stores {@code file} as it is under {@code fileName}. */
  public StoredArtifact storeFile(String revision, String fileName, Path file)
      throws SourceException {
    return kept(storage.storeFile(kind, namespace, name, revision, fileName, file));
  }

  private StoredArtifact kept(StoredArtifact stored) {
    storage.garbageCollect(kind, namespace, name, KEEP);
    return stored;
  }
}
