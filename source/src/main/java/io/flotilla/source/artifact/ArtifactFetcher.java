package io.flotilla.source.artifact;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.net.NetworkErrors;
import io.flotilla.source.BoundedCopy;
import io.flotilla.source.Redaction;
import io.flotilla.source.Sha256;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;

/**
 * The consumer side of an artifact (the kustomize controller's): downloads it, verifies its {@code
 * sha256:} digest and extracts it safely. Both the download and the extracted content are bounded
 * by {@code maxBytes}.
 */
public final class ArtifactFetcher {
  private final long maxBytes;
  private final Duration timeout;
  private final HttpClient http;

  public ArtifactFetcher(long maxBytes, Duration timeout) {
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Downloads {@code url}, checks it against {@code expectedDigest} ({@code sha256:<hex>}) and
   * extracts it into {@code into} (created if missing).
   *
   * @throws SourceException with reason {@code ArtifactFailed}: download errors and non-200 answers
   *     are retryable; a digest mismatch, an oversized artifact or an unsafe archive are also
   *     reported as retryable, since the source may publish a new artifact
   */
  public void fetchAndExtract(String url, String expectedDigest, Path into) throws SourceException {
    Path tmp = null;
    try {
      Files.createDirectories(into);
      tmp = Files.createTempFile("artifact-", ".tar.gz");
      fetch(url, expectedDigest, tmp);
      try (InputStream in = Files.newInputStream(tmp)) {
        SafeUntar.extract(in, into, maxBytes);
      } catch (SafeUntar.RejectedException e) {
        throw SourceException.retryable(
            Reasons.ARTIFACT_FAILED, "failed to extract artifact: " + e.getMessage(), null);
      }
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.ARTIFACT_FAILED,
          "failed to extract artifact from %s: %s".formatted(Redaction.url(url), e),
          e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Downloads {@code url} into {@code file} (replaced) and checks it against {@code
   * expectedDigest}, without extracting it: for artifacts used as they are, such as a packaged Helm
   * chart. On any failure {@code file} is left absent.
   *
   * @throws SourceException as {@link #fetchAndExtract}
   */
  public void fetch(String url, String expectedDigest, Path file) throws SourceException {
    String expectedHex = expectedHex(expectedDigest);
    String shown = Redaction.url(url);
    boolean ok = false;
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest sha = Sha256.digest();
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw SourceException.retryable(
              Reasons.ARTIFACT_FAILED,
              "failed to download artifact from %s, status: %d"
                  .formatted(shown, response.statusCode()),
              null);
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (maxBytes > 0 && declared > maxBytes) {
          throw tooLarge(shown);
        }
        long limit = maxBytes > 0 ? maxBytes : Long.MAX_VALUE;
        BoundedCopy.toFile(body, file, limit, sha, () -> tooLarge(shown));
      }
      String actual = Sha256.hex(sha);
      if (!actual.equals(expectedHex)) {
        throw SourceException.retryable(
            Reasons.ARTIFACT_FAILED,
            "failed to verify artifact: computed digest doesn't match '%s'"
                .formatted(expectedDigest),
            null);
      }
      ok = true;
    } catch (IOException e) {
      String network = NetworkErrors.describe(e, NetworkErrors.Endpoint.of(URI.create(url)), null);
      throw SourceException.retryable(
          Reasons.ARTIFACT_FAILED,
          "failed to download artifact from %s: %s"
              .formatted(shown, network != null ? network : e.toString()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SourceException.retryable(
          Reasons.ARTIFACT_FAILED, "interrupted while downloading " + shown, e);
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(
          Reasons.ARTIFACT_FAILED,
          "invalid artifact URL '%s': %s".formatted(shown, e.getMessage()));
    } finally {
      if (!ok) {
        deleteQuietly(file);
      }
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // temp file cleanup is best effort
      }
    }
  }

  private SourceException tooLarge(String url) {
    return SourceException.retryable(
        Reasons.ARTIFACT_FAILED,
        "artifact from %s is bigger than the limit of %d bytes".formatted(url, maxBytes),
        null);
  }

  private static String expectedHex(String digest) throws SourceException {
    if (digest == null || !digest.contains(":")) {
      throw SourceException.terminal(
          Reasons.ARTIFACT_FAILED,
          "invalid artifact digest '%s': expected 'sha256:<hex>'".formatted(digest));
    }
    String algo = digest.substring(0, digest.indexOf(':')).toLowerCase(Locale.ROOT);
    String hex = digest.substring(digest.indexOf(':') + 1).toLowerCase(Locale.ROOT);
    if (!algo.equals("sha256") || !hex.matches("[0-9a-f]{64}")) {
      throw SourceException.terminal(
          Reasons.ARTIFACT_FAILED,
          "unsupported artifact digest '%s': expected 'sha256:<64 hex>'".formatted(digest));
    }
    return hex;
  }
}
