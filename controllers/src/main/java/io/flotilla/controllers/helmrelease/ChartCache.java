package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.helm.Chart;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Packaged charts by artifact digest: a chart is downloaded (digest-checked) once and shared by
 * every HelmRelease of that revision, as the Kustomizations share extracted artifacts; the least
 * recently used archives beyond {@code keep} are deleted. Reads {@code Chart.yaml} (bounded) for
 * the name, version and appVersion the status reports.
 */
final class ChartCache {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final long MAX_CHART_YAML = 1 << 20;
  private final ArtifactFetcher fetcher;
  private final Path dir;
  private final int keep;
  private final Map<String, LoadedChart> charts = new LinkedHashMap<>(16, 0.75f, true);

  /** A chart archive and its metadata; {@code version} may carry an OCI digest suffix. */
  record LoadedChart(
      String name, String version, String fileVersion, String appVersion, Path archive)
      implements Chart {
    LoadedChart withVersion(String v) {
      return new LoadedChart(name, v, fileVersion, appVersion, archive);
    }
  }

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

  LoadedChart load(String url, String digest) throws ChartException {
    synchronized (this) {
      LoadedChart cached = charts.get(digest);
      if (cached != null && Files.exists(cached.archive())) {
        return cached;
      }
    }
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "chart-", ".tgz.tmp");
      fetcher.fetch(url, digest, tmp);
      LoadedChart meta = read(tmp);
      Path target = dir.resolve(digest.replace(':', '-') + ".tgz");
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      LoadedChart chart =
          new LoadedChart(meta.name(), meta.version(), meta.version(), meta.appVersion(), target);
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

  /** The metadata of {@code <chart>/Chart.yaml} in a packaged chart. */
  static LoadedChart read(Path archive) throws ChartException {
    try (InputStream raw = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        int slash = name.indexOf('/');
        if (!entry.isFile() || slash <= 0 || !name.substring(slash + 1).equals("Chart.yaml")) {
          continue;
        }
        if (entry.getSize() > MAX_CHART_YAML) {
          throw new ChartException("Chart.yaml is larger than 1 MiB", null);
        }
        JsonNode chart = YAML.readTree(tar.readNBytes((int) entry.getSize()));
        String chartName = chart == null ? "" : chart.path("name").asText("");
        String version = chart == null ? "" : chart.path("version").asText("");
        if (chartName.isEmpty() || version.isEmpty()) {
          throw new ChartException("Chart.yaml must name the chart and its version", null);
        }
        return new LoadedChart(
            chartName, version, version, chart.path("appVersion").asText(""), archive);
      }
      throw new ChartException("Chart.yaml file is missing", null);
    } catch (IOException e) {
      throw new ChartException("not a packaged chart: " + e.getMessage(), e);
    }
  }
}
