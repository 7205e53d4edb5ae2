package io.flotilla.source.artifact;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.Sha256;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The artifact store of a source controller: one root directory with a folder per object ({@code
 * <kind>/<namespace>/<name>/}) holding that object's tar.gz artifacts, each with a small metadata
 * file beside it. Writes are atomic (temp file, then rename), so the server never sees a half
 * written artifact.
 */
public final class ArtifactStorage {
  private static final Logger log = LoggerFactory.getLogger(ArtifactStorage.class);

  /** The same bound Flux's untar applies by default (100 MiB). */
  public static final long DEFAULT_MAX_ARTIFACT_BYTES = 100L << 20;

  static final String ARCHIVE_SUFFIX = ".tar.gz";
  // DNS-1123 subdomain-ish: Kubernetes names and namespaces, lower-cased kinds
  private static final Pattern SEGMENT = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern FILE_STEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,200}");
  // chart versions carry build metadata ("6.0.3+1"), so a stored file name may contain '+'
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+\\-]{0,250}");

  private final Path root;
  private final String advertisedBaseUrl;
  private final long maxArtifactBytes;
  private final Clock clock;

  /**
   * @param root the storage directory (created if missing)
   * @param advertisedBaseUrl the base of artifact URLs, e.g. {@code http://source-controller.ns};
   *     see {@link #withAdvertisedBaseUrl} when the server's port is only known after it starts
   */
  public ArtifactStorage(Path root, String advertisedBaseUrl) {
    this(root, advertisedBaseUrl, DEFAULT_MAX_ARTIFACT_BYTES, Clock.systemUTC());
  }

  public ArtifactStorage(Path root, String advertisedBaseUrl, long maxArtifactBytes, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.advertisedBaseUrl = trimSlash(Objects.requireNonNull(advertisedBaseUrl, "baseUrl"));
    this.maxArtifactBytes = maxArtifactBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The same store with another advertised base URL (e.g. the started server's). */
  public ArtifactStorage withAdvertisedBaseUrl(String baseUrl) {
    return new ArtifactStorage(root, baseUrl, maxArtifactBytes, clock);
  }

  /** The same store with another size limit for one archive (compressed bytes). */
  public ArtifactStorage withMaxArtifactBytes(long max) {
    return new ArtifactStorage(root, advertisedBaseUrl, max, clock);
  }

  public Path root() {
    return root;
  }

  public String advertisedBaseUrl() {
    return advertisedBaseUrl;
  }

  /**
   * Packs {@code dir} (minus what {@code ignore} and the tree's {@code .sourceignore} files
   * exclude) into {@code <kind>/<namespace>/<name>/<id>.tar.gz}, where {@code <id>} is the hash
   * part of the revision (the commit for Git).
   *
   * @throws SourceException {@code StorageOperationFailed} on I/O errors or when the archive
   *     exceeds the size limit
   */
  public StoredArtifact store(
      String kind, String namespace, String name, String revision, Path dir, SourceIgnore ignore)
      throws SourceException {
    Path objectDir = objectDir(kind, namespace, name);
    String file = fileStem(revision) + ARCHIVE_SUFFIX;
    try {
      if (!Files.isDirectory(dir)) {
        throw SourceException.retryable(
            Reasons.STORAGE_OPERATION_FAILED, "invalid dir path: " + dir, null);
      }
      StoredArtifact stored =
          write(
              objectDir,
              file,
              revision,
              out -> {
                SourceIgnore.Matcher matcher =
                    (ignore == null ? SourceIgnore.defaults() : ignore).forTree(dir);
                return ArchivePacker.pack(dir, matcher, out, maxArtifactBytes);
              });
      log.debug("stored artifact {} ({} bytes, {})", stored.path(), stored.size(), stored.digest());
      return stored;
    } catch (ArchivePacker.TooLargeException | ArchivePacker.LinkOutsideException e) {
      throw SourceException.retryable(
          Reasons.STORAGE_OPERATION_FAILED,
          "failed to archive %s/%s/%s: %s".formatted(kind, namespace, name, e.getMessage()),
          null);
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.STORAGE_OPERATION_FAILED,
          "unable to archive artifact to storage: " + e.getMessage(),
          e);
    }
  }

  /**
   * Stores the tar.gz {@code archive} byte for byte (OCIRepository {@code layerSelector.operation:
   * copy}); the digest is that of those bytes.
   *
   * @throws SourceException {@code StorageOperationFailed} on I/O errors or above the size limit
   */
  public StoredArtifact storeFile(
      String kind, String namespace, String name, String revision, Path archive)
      throws SourceException {
    return storeFile(kind, namespace, name, revision, fileStem(revision) + ARCHIVE_SUFFIX, archive);
  }

  /**
   * Stores one file byte for byte under the given file name, as source-controller does for a
   * HelmRepository's {@code index-<digest>.yaml} and a HelmChart's {@code <chart>-<version>.tgz};
   * the digest is that of those bytes.
   *
   * @throws SourceException {@code StorageOperationFailed} on I/O errors, above the size limit, or
   *     for a file name that is not a plain name
   */
  public StoredArtifact storeFile(
      String kind, String namespace, String name, String revision, String fileName, Path archive)
      throws SourceException {
    Path objectDir = objectDir(kind, namespace, name);
    if (fileName == null
        || !FILE_NAME.matcher(fileName).matches()
        || fileName.endsWith(ArtifactMeta.SUFFIX)
        || fileName.endsWith(".tmp")) {
      throw SourceException.terminal(
          Reasons.STORAGE_OPERATION_FAILED,
          "invalid artifact file name '%s' for %s/%s/%s"
              .formatted(fileName, kind, namespace, name));
    }
    try {
      long size = Files.size(archive);
      if (size > maxArtifactBytes) {
        throw SourceException.retryable(
            Reasons.STORAGE_OPERATION_FAILED,
            "failed to store %s/%s/%s: artifact is %d bytes, more than the limit of %d bytes"
                .formatted(kind, namespace, name, size, maxArtifactBytes),
            null);
      }
      return write(
          objectDir,
          fileName,
          revision,
          out -> {
            try (InputStream in = Files.newInputStream(archive)) {
              in.transferTo(out);
            }
            return size;
          });
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.STORAGE_OPERATION_FAILED,
          "unable to copy artifact to storage: " + e.getMessage(),
          e);
    }
  }

  /** Writes one archive's bytes; returns the size recorded in its metadata. */
  @FunctionalInterface
  private interface Content {
    long writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code content} to a temp file beside its final place, records its metadata, then moves
   * it into place, so the server never sees a half written artifact.
   */
  private StoredArtifact write(Path objectDir, String file, String revision, Content content)
      throws IOException {
    Path target = objectDir.resolve(file);
    Files.createDirectories(objectDir);
    Path tmp = Files.createTempFile(objectDir, "." + file, ".tmp");
    try {
      MessageDigest sha256 = Sha256.digest();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha256)) {
        size = content.writeTo(out);
      }
      String digest = Sha256.named(sha256);
      Instant now = clock.instant();
      ArtifactMeta.write(target, revision, digest, size, now);
      ArtifactMeta.move(tmp, target);
      tmp = null;
      String path = root.relativize(target).toString().replace('\\', '/');
      return new StoredArtifact(path, url(path), revision, digest, size, now);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray temp file is removed by the next garbage collection
        }
      }
    }
  }

  /**
   * Copies {@code fromPath} (a directory or file inside the stored artifact at {@code
   * artifactPath}, {@code .} for all of it) to {@code toDir}, as source-controller's {@code
   * CopyToPath} does for a GitRepository's {@code include}. Both paths stay inside their roots.
   *
   * @throws SourceException {@code StorageOperationFailed} when the artifact is gone or unreadable,
   *     or {@code fromPath} does not exist in it
   */
  public void copyToPath(String artifactPath, String fromPath, Path toDir) throws SourceException {
    Path archive = root.resolve(artifactPath == null ? "" : artifactPath).normalize();
    if (!archive.startsWith(root) || !Files.isRegularFile(archive)) {
      throw SourceException.retryable(
          Reasons.STORAGE_OPERATION_FAILED,
          "artifact '%s' is not in storage".formatted(artifactPath),
          null);
    }
    try {
      PathCopy.copy(archive, fromPath, toDir, maxArtifactBytes * 20);
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.STORAGE_OPERATION_FAILED, "cannot copy from artifact: " + e.getMessage(), e);
    }
  }

  /** The most recently stored artifact of the object, if any. */
  public Optional<StoredArtifact> latest(String kind, String namespace, String name) {
    List<StoredArtifact> all = list(kind, namespace, name);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** The object's artifacts, newest first. */
  public List<StoredArtifact> list(String kind, String namespace, String name) {
    Path objectDir;
    try {
      objectDir = objectDir(kind, namespace, name);
    } catch (SourceException e) {
      return List.of();
    }
    if (!Files.isDirectory(objectDir)) {
      return List.of();
    }
    List<StoredArtifact> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(objectDir)) {
      for (Path p : files.toList()) {
        String fn = p.getFileName().toString();
        if (isArtifactFile(fn) && Files.isRegularFile(p)) {
          readMeta(p).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      log.warn("cannot list artifacts in {}: {}", objectDir, e.getMessage());
    }
    out.sort(
        Comparator.comparing(StoredArtifact::lastUpdateTime)
            .thenComparing(StoredArtifact::path)
            .reversed());
    return out;
  }

  /**
   * Deletes all but the newest {@code keep} artifacts of the object (Flux keeps 2) and any stray
   * temp files; returns the paths deleted.
   */
  public List<String> garbageCollect(String kind, String namespace, String name, int keep) {
    List<String> deleted = new ArrayList<>();
    List<StoredArtifact> all = list(kind, namespace, name);
    for (int i = Math.max(keep, 0); i < all.size(); i++) {
      Path p = root.resolve(all.get(i).path());
      try {
        Files.deleteIfExists(ArtifactMeta.of(p));
        Files.deleteIfExists(p);
        deleted.add(all.get(i).path());
      } catch (IOException e) {
        log.warn("cannot delete artifact {}: {}", all.get(i).path(), e.getMessage());
      }
    }
    try {
      Path objectDir = objectDir(kind, namespace, name);
      if (Files.isDirectory(objectDir)) {
        try (Stream<Path> files = Files.list(objectDir)) {
          for (Path p : files.toList()) {
            if (p.getFileName().toString().endsWith(".tmp")) {
              Files.deleteIfExists(p);
            }
          }
        }
      }
    } catch (SourceException | IOException e) {
      log.warn("cannot clean temp files of {}/{}/{}: {}", kind, namespace, name, e.getMessage());
    }
    return deleted;
  }

  /** Removes the object's folder with all its artifacts (on object deletion). */
  public void remove(String kind, String namespace, String name) throws SourceException {
    Path objectDir = objectDir(kind, namespace, name);
    if (!Files.exists(objectDir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(objectDir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.STORAGE_OPERATION_FAILED,
          "failed to remove artifacts of %s/%s/%s: %s"
              .formatted(kind, namespace, name, e.getMessage()),
          e);
    }
  }

  /** The local file of an artifact path, or empty if the path is not a stored artifact. */
  Optional<Path> localFile(String path) {
    if (path == null
        || path.isEmpty()
        || path.startsWith("/")
        || path.contains("\\")
        || path.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.startsWith(".")) {
        return Optional.empty();
      }
    }
    if (!isArtifactFile(path.substring(path.lastIndexOf('/') + 1))) {
      return Optional.empty();
    }
    Path p = root.resolve(path).normalize();
    // only files stored by this class (they have metadata beside them) are served
    if (!p.startsWith(root)
        || !Files.isRegularFile(p)
        || !Files.isRegularFile(ArtifactMeta.of(p))) {
      return Optional.empty();
    }
    try {
      if (!p.toRealPath().startsWith(root.toRealPath())) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  /** Artifact files: not hidden (temp files are), not metadata. */
  private static boolean isArtifactFile(String fileName) {
    return !fileName.startsWith(".")
        && !fileName.endsWith(ArtifactMeta.SUFFIX)
        && !fileName.endsWith(".tmp")
        && FILE_NAME.matcher(fileName).matches();
  }

  /** The local file of a stored artifact, for consumers in the same process (HelmChart). */
  public Optional<Path> localPath(String artifactPath) {
    return localFile(artifactPath);
  }

  String url(String path) {
    return advertisedBaseUrl + "/" + path;
  }

  private Path objectDir(String kind, String namespace, String name) throws SourceException {
    String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
    for (String[] seg : new String[][] {{"kind", k}, {"namespace", namespace}, {"name", name}}) {
      if (seg[1] == null || !SEGMENT.matcher(seg[1]).matches()) {
        throw SourceException.terminal(
            Reasons.STORAGE_OPERATION_FAILED,
            "invalid artifact %s '%s': must be a lower-case DNS-1123 name"
                .formatted(seg[0], seg[1]));
      }
    }
    return root.resolve(k).resolve(namespace).resolve(name);
  }

  private static String fileStem(String revision) throws SourceException {
    if (revision == null || revision.isBlank()) {
      throw SourceException.terminal(
          Reasons.STORAGE_OPERATION_FAILED, "artifact revision is required");
    }
    String stem = revision.substring(revision.lastIndexOf(':') + 1);
    if (!FILE_STEM.matcher(stem).matches()) {
      // revisions without a plain hash part get a stable name derived from them
      stem = Sha256.hex(revision.getBytes(StandardCharsets.UTF_8));
    }
    return stem;
  }

  private Optional<StoredArtifact> readMeta(Path archive) {
    String path = root.relativize(archive).toString().replace('\\', '/');
    return ArtifactMeta.read(archive, path, url(path));
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
