package io.flotilla.source.helm;

import io.flotilla.source.Semver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The dependencies of a chart packaged from a source artifact, as {@code helm dependency build}
 * would add them: those {@code charts/} already holds are kept, {@code file://} ones are copied in
 * from inside the artifact (never from outside), {@code http(s)://} and {@code oci://} ones are
 * fetched through the controller's {@link ChartBuilder.DependencyFetcher}.
 */
final class ChartDependencies {
  private ChartDependencies() {}

  /** Adds the dependencies Chart.yaml declares that {@code charts/} lacks; returns how many. */
  static int add(
      Path workDir,
      Path chart,
      ChartMetadata meta,
      SortedMap<String, byte[]> files,
      ChartArchive.Limits limits,
      ChartBuilder.DependencyFetcher fetcher,
      Path out)
      throws IOException {
    List<ChartMetadata.Dependency> declared = new ArrayList<>(meta.dependencies());
    byte[] requirements = files.get("requirements.yaml");
    if (requirements != null) {
      declared.addAll(
          ChartMetadata.dependencies(
              ChartMetadata.map(
                      new String(requirements, StandardCharsets.UTF_8), "requirements.yaml")
                  .get("dependencies")));
    }
    if (declared.isEmpty()) {
      return 0;
    }
    Set<String> present = vendored(files, limits);
    int resolved = 0;
    for (ChartMetadata.Dependency d : declared) {
      if (present.contains(d.name())) {
        continue;
      }
      String repo = d.repository();
      if (repo.startsWith("file://")) {
        Path depDir = chart.resolve(repo.substring("file://".length())).normalize();
        if (!depDir.startsWith(workDir)
            || Files.exists(depDir) && !depDir.toRealPath().startsWith(workDir.toRealPath())) {
          throw new IOException(
              "dependency '%s' at '%s' is outside the source artifact: file:// dependencies must stay inside it"
                  .formatted(d.name(), repo));
        }
        SortedMap<String, byte[]> depFiles =
            Files.isDirectory(depDir)
                ? ChartDirectory.load(depDir, limits)
                : ChartArchive.read(depDir, limits);
        ChartMetadata dm = ChartArchive.metadata(depFiles, repo);
        if (!d.version().isEmpty() && !Semver.range(d.version()).matches(dm.version())) {
          throw new IOException(
              "can't get a valid version for dependency '%s': %s has version %s, not %s"
                  .formatted(d.name(), repo, dm.version(), d.version()));
        }
        depFiles.forEach((k, v) -> files.put("charts/" + dm.name() + "/" + k, v));
      } else if (repo.startsWith("http://")
          || repo.startsWith("https://")
          || repo.startsWith("oci://")) {
        Path tmp = out.resolveSibling(out.getFileName() + ".dep-" + resolved);
        try {
          fetcher.fetch(repo, d.name(), d.version(), tmp);
          SortedMap<String, byte[]> depFiles = ChartArchive.read(tmp, limits);
          ChartMetadata dm = ChartArchive.metadata(depFiles, d.name());
          files.put("charts/" + dm.name() + "-" + dm.version() + ".tgz", Files.readAllBytes(tmp));
        } finally {
          ChartBuilder.deleteQuietly(tmp);
        }
      } else {
        throw new IOException(
            "dependency '%s' is not in charts/ and its repository '%s' is not a file://, http(s):// or oci:// URL: repository aliases (@name, alias:name) are not resolved, as in Flux; write the repository URL in Chart.yaml (a HelmRepository with that URL in the HelmChart's namespace supplies its credentials)"
                .formatted(d.name(), repo));
      }
      resolved++;
    }
    return resolved;
  }

  /** Names of the charts vendored in {@code charts/} (directories or archives). */
  private static Set<String> vendored(Map<String, byte[]> files, ChartArchive.Limits limits)
      throws IOException {
    Set<String> names = new HashSet<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String k = f.getKey();
      if (!k.startsWith("charts/")) {
        continue;
      }
      String rest = k.substring("charts/".length());
      if (!rest.contains("/") && rest.endsWith(".tgz")) {
        names.add(
            ChartArchive.metadata(
                    ChartArchive.read(new ByteArrayInputStream(f.getValue()), limits), k)
                .name());
      } else if (rest.indexOf('/') > 0 && rest.substring(rest.indexOf('/')).equals("/Chart.yaml")) {
        names.add(ChartMetadata.parse(new String(f.getValue(), StandardCharsets.UTF_8), k).name());
      }
    }
    return names;
  }
}
