package io.flotilla.source.oci;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.Semver;
import io.flotilla.source.SourceException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source-controller's OCIRepository steps: resolve the reference (digest &gt; semver &gt; tag,
 * default {@code latest}) to a manifest, tell whether it differs from the stored revision, and pull
 * the selected layer into a directory.
 */
public final class OciFetcher {
  /** source-controller's reason for registry failures. */
  public static final String OCI_PULL_FAILED = "OCIArtifactPullFailed";

  public static final String OCI_LAYER_OPERATION_FAILED = "OCIArtifactLayerOperationFailed";
  private static final Logger log = LoggerFactory.getLogger(OciFetcher.class);

  /** {@code spec.ref}, {@code spec.layerSelector} in plain terms. */
  public record Request(
      String tag, String semver, String digest, String layerMediaType, String operation) {}

  /** The resolved artifact: {@code revision} is {@code <tag>@sha256:<hex>} (or the digest). */
  public record Resolved(String revision, String tag, OciClient.Manifest manifest) {
    /** The manifest's annotations, Flux's {@code artifact.metadata}. */
    public Map<String, String> metadata() {
      return manifest.annotations().isEmpty() ? null : manifest.annotations();
    }
  }

  private final OciClient client;
  private final long maxBytes;

  public OciFetcher(OciClient client, long maxBytes) {
    this.client = client;
    this.maxBytes = maxBytes;
  }

  /** Resolves the reference to one manifest; no layer is downloaded. */
  public Resolved resolve(Request req) throws SourceException {
    String tag = null;
    String reference;
    try {
      if (req.digest() != null && !req.digest().isBlank()) {
        if (!req.digest().matches("sha256:[0-9a-f]{64}")) {
          throw SourceException.terminal(
              Reasons.URL_INVALID,
              "spec.ref.digest '%s' is not a sha256 digest ('sha256:' and 64 hex digits)"
                  .formatted(req.digest()));
        }
        reference = req.digest();
      } else if (req.semver() != null && !req.semver().isBlank()) {
        List<String> tags = client.tags();
        String range = req.semver();
        try {
          tag =
              Semver.best(Semver.range(range), tags)
                  .orElseThrow(
                      () ->
                          SourceException.retryable(
                              OCI_PULL_FAILED,
                              "failed to determine artifact tag for '%s': no match found for semver: %s"
                                  .formatted(client.toString(), range),
                              null));
        } catch (IllegalArgumentException e) {
          throw SourceException.terminal(Reasons.URL_INVALID, e.getMessage());
        }
        reference = tag;
      } else {
        tag = req.tag() == null || req.tag().isBlank() ? "latest" : req.tag();
        reference = tag;
      }
      OciClient.Manifest manifest = client.manifest(reference);
      String revision = tag == null ? manifest.digest() : tag + "@" + manifest.digest();
      return new Resolved(revision, tag, manifest);
    } catch (SourceException e) {
      throw e;
    } catch (OciClient.AuthException e) {
      throw SourceException.retryable(Reasons.AUTHENTICATION_FAILED, e.getMessage(), null);
    } catch (IOException e) {
      throw SourceException.retryable(
          OCI_PULL_FAILED, "failed to pull artifact: " + e.getMessage(), null);
    }
  }

  /**
   * Downloads the selected layer of {@code resolved}: {@code extract} unpacks it into {@code dir};
   * {@code copy} verifies it is a tar+gzip and also unpacks it (a caller that stores the layer as
   * pulled finds it in {@link #layerFile(Path)}).
   */
  public void pull(Resolved resolved, Request req, Path dir, Path scratch) throws SourceException {
    List<OciClient.Layer> layers = resolved.manifest().layers();
    OciClient.Layer layer =
        req.layerMediaType() == null || req.layerMediaType().isBlank()
            ? layers.stream().findFirst().orElse(null)
            : layers.stream()
                .filter(l -> l.mediaType().equals(req.layerMediaType()))
                .findFirst()
                .orElse(null);
    if (layer == null) {
      throw SourceException.retryable(
          OCI_LAYER_OPERATION_FAILED,
          req.layerMediaType() == null
              ? "failed to find any layer in artifact '%s'".formatted(resolved.revision())
              : "failed to find layer with media type '%s' in artifact '%s'"
                  .formatted(req.layerMediaType(), resolved.revision()),
          null);
    }
    if (layer.size() > maxBytes) {
      throw SourceException.retryable(
          OCI_LAYER_OPERATION_FAILED,
          "layer %s is %d bytes, more than the maximum artifact size of %d bytes"
              .formatted(layer.digest(), layer.size(), maxBytes),
          null);
    }
    Path blob = layerFile(scratch);
    try {
      client.downloadBlob(layer.digest(), blob, maxBytes);
    } catch (OciClient.AuthException e) {
      throw SourceException.retryable(Reasons.AUTHENTICATION_FAILED, e.getMessage(), null);
    } catch (IOException e) {
      throw SourceException.retryable(
          OCI_PULL_FAILED, "failed to pull artifact: " + e.getMessage(), null);
    }
    try {
      extract(blob, dir, maxBytes);
    } catch (IOException e) {
      throw SourceException.retryable(
          OCI_LAYER_OPERATION_FAILED,
          "failed to extract layer %s from artifact: %s".formatted(layer.digest(), e.getMessage()),
          null);
    }
  }

  /** Where {@link #pull} leaves the downloaded layer, byte for byte, in its scratch directory. */
  public static Path layerFile(Path scratch) {
    return scratch.resolve("layer.tgz");
  }

  /**
   * Unpacks a tar+gzip into {@code into}: regular files and directories only (links are dropped),
   * no path outside {@code into}, at most {@code maxBytes} of content.
   */
  static void extract(Path tgz, Path into, long maxBytes) throws IOException {
    Path root = into.toAbsolutePath().normalize();
    long total = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(tgz));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root) || e.getName().startsWith("/")) {
          throw new IOException("entry '%s' points outside the artifact".formatted(e.getName()));
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isFile()) {
          total += e.getSize();
          if (total > maxBytes) {
            throw new IOException(
                "content exceeds the maximum artifact size of %d bytes".formatted(maxBytes));
          }
          Files.createDirectories(target.getParent());
          if (Files.isSymbolicLink(target.getParent())
              || !target.getParent().toRealPath().startsWith(root.toRealPath())) {
            throw new IOException("entry '%s' points outside the artifact".formatted(e.getName()));
          }
          Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
          log.debug("dropping non-regular entry '{}' from layer", e.getName());
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException("layer is not a tar+gzip archive: " + e.getMessage(), e);
    }
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(root);
    }
  }
}
