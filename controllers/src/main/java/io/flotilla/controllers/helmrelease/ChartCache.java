package io.flotilla.controllers.helmrelease;

import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.helm.Chart;
import io.flotilla.helm.Charts;
import io.flotilla.helm.ReleaseException;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Packaged charts by artifact digest: a chart is downloaded (digest-checked) once and shared by
 * every HelmRelease of that revision, as the Kustomizations share extracted artifacts; the least
 * recently used archives beyond {@code keep} are deleted. Each is loaded once by the release
 * engine, which renders and stores it.
 */
final class ChartCache {
  private final ArtifactFetcher fetcher;
  private final Path dir;
  private final int keep;
  private final Map<String, Chart> charts = new LinkedHashMap<>(16, 0.75f, true);

  /** The chart could not be fetched or read; the message is Flux's. */
  static final class ChartException extends Exception {
    ChartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  ChartCache(ArtifactFetcher fetcher, Path dir, int keep) {
    this.fetcher = fetcher;
    this.dir = dir;
    this.keep = keep;
    TempDirs.deleteQuietly(dir); // archives of an earlier process
  }

  Chart load(String url, String digest) throws ChartException {
    synchronized (this) {
      Chart cached = charts.get(digest);
      if (cached != null && Files.exists(cached.archive())) {
        return cached;
      }
    }
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "chart-", ".tgz.tmp");
      fetcher.fetch(url, digest, tmp);
      Path target = dir.resolve(digest.replace(':', '-') + ".tgz");
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      Chart chart = read(target);
      synchronized (this) {
        charts.put(digest, chart);
        evict();
      }
      return chart;
    } catch (SourceException e) {
      throw new ChartException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ChartException("failed to store chart: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // removed with the directory on the next start
        }
      }
    }
  }

  private void evict() {
    var it = charts.entrySet().iterator();
    while (charts.size() > keep && it.hasNext()) {
      var e = it.next();
      it.remove();
      try {
        // a reconcile still using it holds its own open file handle or fails and retries
        Files.deleteIfExists(e.getValue().archive());
      } catch (IOException ignored) {
        // a leftover archive is removed on the next start
      }
    }
  }

  /** The chart in a packaged archive, read (bounded, safe paths) by the release engine. */
  static Chart read(Path archive) throws ChartException {
    try {
      return Charts.load(archive);
    } catch (ReleaseException e) {
      throw new ChartException(e.getMessage(), e);
    }
  }
}
