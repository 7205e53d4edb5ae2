package io.flotilla.source.helm;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.Semver;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Builds a HelmChart's artifact as source-controller's chart builders do: a chart pulled from a
 * repository is kept byte for byte unless values files or version metadata require repackaging; a
 * chart directory in a Git/Bucket artifact is packaged ({@code <name>/Chart.yaml}, …) with its
 * dependencies. Errors carry Flux's build error reasons and wording ({@code <summary>: <cause>}).
 */
public final class ChartBuilder {
  private ChartBuilder() {}

  /**
   * @param valuesFiles paths merged, in order, into the packaged chart's {@code values.yaml}
   * @param versionMetadata semver build metadata appended to the version ({@code 6.0.3+<meta>}),
   *     empty for none
   * @param cachedChart the current artifact; reused when name and version match and not {@code
   *     force}
   */
  public record Options(
      List<String> valuesFiles,
      boolean ignoreMissingValuesFiles,
      String versionMetadata,
      Path cachedChart,
      boolean force,
      long maxBytes,
      int maxFiles) {

    /** {@code valuesFiles} unless it is only {@code values.yaml} (which changes nothing). */
    List<String> effectiveValuesFiles() {
      if (valuesFiles == null
          || valuesFiles.size() == 1
              && Path.of(valuesFiles.get(0)).normalize().toString().equals("values.yaml")) {
        return List.of();
      }
      return valuesFiles;
    }

    ChartArchive.Limits limits() {
      return new ChartArchive.Limits(maxBytes, maxFiles);
    }
  }

  /** The result: {@code path} is the chart archive (the cached one when nothing changed). */
  public record Build(
      String name,
      String version,
      Path path,
      List<String> valuesFiles,
      int resolvedDependencies,
      boolean packaged) {

    /** source-controller's summary, used in conditions and events. */
    public String summary() {
      String action = packaged ? "packaged" : "pulled";
      String s = "%s '%s' chart with version '%s'".formatted(action, name, version);
      return valuesFiles.isEmpty() ? s : s + " and merged values files " + goList(valuesFiles);
    }
  }

  /** Fetches a dependency from a chart repository; controllers supply credentials here. */
  @FunctionalInterface
  public interface DependencyFetcher {
    /** Downloads the best match of {@code version} for chart {@code name} into {@code target}. */
    void fetch(String repositoryUrl, String name, String version, Path target) throws IOException;
  }

  /** Downloads a resolved chart version. */
  @FunctionalInterface
  public interface Downloader {
    void download(Path target) throws IOException;
  }

  /**
   * Builds from a chart pulled from a repository (HelmRepository, default or OCI).
   *
   * @param resolved the version the index or registry resolved
   */
  public static Build remote(ChartVersion resolved, Downloader downloader, Path out, Options opts)
      throws SourceException {
    String version = withMetadata(resolved.version(), opts.versionMetadata());
    List<String> valuesFiles = opts.effectiveValuesFiles();
    boolean repackage = !valuesFiles.isEmpty() || !opts.versionMetadata().isEmpty();
    Build cached = cached(resolved.name(), version, opts, valuesFiles, repackage);
    if (cached != null) {
      return cached;
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".download");
    try {
      downloader.download(tmp);
    } catch (IOException e) {
      throw error(
          Reasons.CHART_PULL_ERROR,
          "chart pull error",
          "failed to download chart for remote reference: " + e.getMessage());
    }
    try {
      SortedMap<String, byte[]> files;
      try {
        files = ChartArchive.read(tmp, opts.limits());
        ChartArchive.metadata(files, resolved.name());
      } catch (IOException e) {
        throw error(
            Reasons.CHART_PULL_ERROR,
            "chart pull error",
            "failed to load chart metadata from written chart: " + e.getMessage());
      }
      if (!repackage) {
        move(tmp, out);
        return new Build(resolved.name(), version, out, List.of(), 0, false);
      }
      if (!valuesFiles.isEmpty()) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (String f : valuesFiles) {
          String name = Path.of(f).normalize().toString().replace('\\', '/');
          byte[] data = files.get(name);
          if (data == null) {
            throw error(
                Reasons.VALUES_FILES_ERROR,
                "values files merge error",
                "failed to merge chart values: no values file found at path '%s'".formatted(f));
          }
          try {
            merge(merged, values(data, f));
          } catch (IOException e) {
            throw error(
                Reasons.VALUES_FILES_ERROR,
                "values files merge error",
                "failed to merge chart values: " + e.getMessage());
          }
        }
        files.put("values.yaml", dump(merged));
      }
      setVersion(files, version);
      write(resolved.name(), files, out);
      return new Build(resolved.name(), version, out, valuesFiles, 0, true);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Packages the chart at {@code chartPath} (a directory or a packaged {@code .tgz}) inside {@code
   * workDir}, the extracted source artifact.
   */
  public static Build local(
      Path workDir, String chartPath, Path out, Options opts, DependencyFetcher dependencies)
      throws SourceException {
    Path chart = secureJoin(workDir, chartPath);
    boolean isDir = Files.isDirectory(chart, LinkOption.NOFOLLOW_LINKS);
    ChartMetadata meta;
    try {
      if (isDir) {
        Path chartYaml = chart.resolve("Chart.yaml");
        if (!Files.isRegularFile(chartYaml, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(
              "no Chart.yaml in '%s': spec.chart must be the path of a chart directory (or .tgz) in the source artifact"
                  .formatted(chartPath));
        }
        meta = ChartMetadata.parse(Files.readString(chartYaml), chartPath + "/Chart.yaml");
      } else if (Files.isRegularFile(chart, LinkOption.NOFOLLOW_LINKS)) {
        meta = ChartArchive.metadata(chart, opts.limits());
      } else {
        throw new IOException(
            "no chart found at path '%s' in the source artifact: check spec.chart"
                .formatted(chartPath));
      }
    } catch (IOException e) {
      throw error(Reasons.INVALID_CHART_REFERENCE, "invalid chart reference", e.getMessage());
    }
    String version = withMetadata(meta.version(), opts.versionMetadata());
    List<String> valuesFiles = opts.effectiveValuesFiles();
    boolean repackage = isDir || !valuesFiles.isEmpty() || !opts.versionMetadata().isEmpty();
    Build cached = cached(meta.name(), version, opts, valuesFiles, repackage);
    if (cached != null) {
      return cached;
    }
    if (!repackage) {
      try {
        Files.copy(chart, out, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw error(Reasons.CHART_PULL_ERROR, "chart pull error", e.getMessage());
      }
      return new Build(meta.name(), version, out, List.of(), 0, false);
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    List<String> used = new ArrayList<>();
    for (String f : valuesFiles) {
      Path p = secureJoinValues(workDir, f);
      if (!Files.isRegularFile(p)) {
        if (opts.ignoreMissingValuesFiles() && !Files.exists(p)) {
          continue;
        }
        throw error(
            Reasons.VALUES_FILES_ERROR,
            "values files merge error",
            "no values file found at path '%s' (reference '%s')"
                .formatted("/" + workDir.relativize(p).toString().replace('\\', '/'), f));
      }
      try {
        merge(merged, values(Files.readAllBytes(p), f));
      } catch (IOException e) {
        throw error(Reasons.VALUES_FILES_ERROR, "values files merge error", e.getMessage());
      }
      used.add(f);
    }
    SortedMap<String, byte[]> files;
    try {
      files =
          isDir
              ? ChartDirectory.load(chart, opts.limits())
              : ChartArchive.read(chart, opts.limits());
    } catch (IOException e) {
      throw error(Reasons.CHART_PACKAGE_ERROR, "chart package error", e.getMessage());
    }
    if (!valuesFiles.isEmpty()) {
      files.put("values.yaml", dump(merged));
    }
    setVersion(files, version);
    int resolved = 0;
    if (isDir) {
      try {
        resolved =
            ChartDependencies.add(workDir, chart, meta, files, opts.limits(), dependencies, out);
      } catch (IOException e) {
        throw error(Reasons.DEPENDENCY_BUILD_ERROR, "dependency build error", e.getMessage());
      }
    }
    write(meta.name(), files, out);
    return new Build(
        meta.name(), version, out, valuesFiles.isEmpty() ? List.of() : used, resolved, true);
  }

  private static Build cached(
      String name, String version, Options opts, List<String> valuesFiles, boolean packaged) {
    if (opts.cachedChart() == null || opts.force() || !Files.isRegularFile(opts.cachedChart())) {
      return null;
    }
    try {
      ChartMetadata m = ChartArchive.metadata(opts.cachedChart(), opts.limits());
      if (m.name().equals(name) && m.version().equals(version)) {
        return new Build(name, version, opts.cachedChart(), valuesFiles, 0, packaged);
      }
    } catch (IOException e) {
      // a corrupt cached chart is rebuilt
    }
    return null;
  }

  /** {@code rel} under {@code root}, refusing absolute paths and paths that leave the root. */
  static Path secureJoin(Path root, String rel) throws SourceException {
    return under(root, rel == null ? "" : rel.strip())
        .orElseThrow(
            () ->
                error(
                    Reasons.INVALID_CHART_REFERENCE,
                    "invalid chart reference",
                    "path '%s' is outside the source artifact: spec.chart must be a relative path inside it"
                        .formatted(rel)));
  }

  private static Path secureJoinValues(Path root, String rel) throws SourceException {
    return under(root, rel)
        .orElseThrow(
            () ->
                error(
                    Reasons.VALUES_FILES_ERROR,
                    "values files merge error",
                    "values file '%s' is outside the source artifact: spec.valuesFiles must be relative paths inside it"
                        .formatted(rel)));
  }

  /** {@code rel} (a leading '/' dropped) under {@code root}; empty when it leaves the root. */
  private static Optional<Path> under(Path root, String rel) {
    Path p = root.resolve(rel.startsWith("/") ? rel.substring(1) : rel).normalize();
    return inside(root, p) ? Optional.of(p) : Optional.empty();
  }

  /** Whether the normalized {@code p} stays under {@code root}, symbolic links followed. */
  private static boolean inside(Path root, Path p) {
    try {
      return p.startsWith(root)
          && !(Files.exists(p) && !p.toRealPath().startsWith(root.toRealPath()));
    } catch (IOException e) {
      return false;
    }
  }

  private static String withMetadata(String version, String metadata) throws SourceException {
    if (metadata == null || metadata.isEmpty()) {
      return version;
    }
    try {
      return Semver.withMetadata(version, metadata);
    } catch (IllegalArgumentException e) {
      throw error(
          Reasons.METADATA_PATCH_ERROR,
          "chart metadata patch error",
          "failed to set SemVer metadata on chart version: " + e.getMessage());
    }
  }

  private static void setVersion(SortedMap<String, byte[]> files, String version)
      throws SourceException {
    try {
      Map<?, ?> m =
          ChartMetadata.map(
              new String(files.get("Chart.yaml"), StandardCharsets.UTF_8), "Chart.yaml");
      if (version.equals(String.valueOf(m.get("version")))) {
        return;
      }
      @SuppressWarnings("unchecked")
      Map<Object, Object> copy = new LinkedHashMap<>((Map<Object, Object>) m);
      copy.put("version", version);
      files.put("Chart.yaml", dump(copy));
    } catch (IOException e) {
      throw error(Reasons.METADATA_PATCH_ERROR, "chart metadata patch error", e.getMessage());
    }
  }

  private static Map<String, Object> values(byte[] data, String name) throws IOException {
    Map<?, ?> m = ChartMetadata.map(new String(data, StandardCharsets.UTF_8), name);
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /** Flux's {@code transform.MergeMaps}: maps merge recursively, anything else is replaced. */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> into, Map<?, ?> from) {
    for (Map.Entry<?, ?> e : from.entrySet()) {
      String k = String.valueOf(e.getKey());
      Object cur = into.get(k);
      if (cur instanceof Map<?, ?> cm && e.getValue() instanceof Map<?, ?> nm) {
        Map<String, Object> copy = new LinkedHashMap<>();
        cm.forEach((a, b) -> copy.put(String.valueOf(a), b));
        merge(copy, nm);
        into.put(k, copy);
      } else {
        into.put(k, e.getValue());
      }
    }
  }

  private static byte[] dump(Map<?, ?> m) {
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
    return new Dump(settings).dumpToString(m).getBytes(StandardCharsets.UTF_8);
  }

  private static void write(String top, SortedMap<String, byte[]> files, Path out)
      throws SourceException {
    try {
      ChartArchive.write(top, files, out);
    } catch (IOException e) {
      throw error(Reasons.CHART_PACKAGE_ERROR, "chart package error", e.getMessage());
    }
  }

  private static void move(Path from, Path to) throws SourceException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw error(
          Reasons.CHART_PULL_ERROR,
          "chart pull error",
          "failed to write chart to file: " + e.getMessage());
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temp file in the work directory is removed with it
    }
  }

  /** A build error: Flux's persistent reasons stall, the others are retried. */
  static SourceException error(String reason, String summary, String cause) {
    String message = summary + ": " + cause;
    return switch (reason) {
      case Reasons.INVALID_CHART_REFERENCE,
          Reasons.METADATA_PATCH_ERROR,
          Reasons.VALUES_FILES_ERROR ->
          SourceException.terminal(reason, message);
      default -> SourceException.retryable(reason, message, null);
    };
  }

  /** Go's {@code %v} of a string slice: {@code [a b]}. */
  static String goList(List<String> l) {
    return "[" + String.join(" ", l) + "]";
  }
}
