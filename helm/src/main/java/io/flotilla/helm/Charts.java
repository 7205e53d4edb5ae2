package io.flotilla.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads packaged charts as Helm's loader does ({@code pkg/chart/loader}): one top directory,
 * Chart.yaml required with name and version, subcharts under {@code charts/} as directories or
 * {@code .tgz}. Bounded as Helm bounds charts (100 MiB decompressed, 5 MiB a file) and to 10,000
 * files; paths that would leave the chart are refused.
 */
public final class Charts {
  static final long MAX_CHART_BYTES = 100L << 20;
  static final long MAX_FILE_BYTES = 5L << 20;
  static final int MAX_FILES = 10_000;
  static final YAMLMapper YAML = new YAMLMapper();

  private Charts() {}

  /**
   * Loads a packaged chart.
   *
   * @throws ReleaseException of kind CHART naming the archive and what is wrong with it
   */
  public static Chart load(Path tgz) throws ReleaseException {
    try (InputStream in = Files.newInputStream(tgz)) {
      return load(tgz, in, tgz.getFileName().toString(), new long[2]);
    } catch (IOException e) {
      throw invalid(tgz, "cannot read it: " + e.getMessage());
    }
  }

  /**
   * The same chart under another version, in Chart.yaml too: helm-controller stores an OCI chart as
   * {@code <version>+<digest[0:12]>} so that a new digest of the same version is a new release.
   */
  public static Chart withVersion(Chart chart, String version) {
    LoadedChart c = (LoadedChart) chart;
    if (version.equals(c.version())) {
      return c;
    }
    var metadata = c.metadata().deepCopy();
    metadata.put("version", version);
    return new LoadedChart(
        c.name(),
        version,
        c.appVersion(),
        c.archive(),
        c.dirName(),
        metadata,
        c.files(),
        c.dependencies());
  }

  private static LoadedChart load(Path archive, InputStream raw, String dirName, long[] budget)
      throws ReleaseException, IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    String top = null;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.isFile()) continue; // directories, links: Helm reads regular files only
        String path = safe(archive, e.getName());
        int slash = path.indexOf('/');
        if (slash < 0) {
          throw invalid(archive, "file '" + path + "' is outside the chart's top directory");
        }
        String dir = path.substring(0, slash);
        if (top == null) top = dir;
        else if (!top.equals(dir)) {
          throw invalid(
              archive, "it holds more than one top directory ('" + top + "', '" + dir + "')");
        }
        if (++budget[1] > MAX_FILES) {
          throw invalid(archive, "it holds more than " + MAX_FILES + " files");
        }
        byte[] data = tar.readNBytes((int) MAX_FILE_BYTES + 1);
        if (data.length > MAX_FILE_BYTES) {
          throw invalid(
              archive, "file '" + path + "' is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        budget[0] += data.length;
        if (budget[0] > MAX_CHART_BYTES) {
          throw invalid(
              archive, "it decompresses to more than " + (MAX_CHART_BYTES >> 20) + " MiB");
        }
        files.put(path.substring(slash + 1), data);
      }
    }
    if (top == null) throw invalid(archive, "it holds no files (is it a chart archive?)");
    return build(archive, dirName, files, budget);
  }

  private static LoadedChart build(
      Path archive, String dirName, Map<String, byte[]> all, long[] budget)
      throws ReleaseException, IOException {
    Map<String, byte[]> own = new LinkedHashMap<>();
    Map<String, Map<String, byte[]>> dirDeps = new LinkedHashMap<>();
    List<LoadedChart> deps = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : all.entrySet()) {
      String p = f.getKey();
      if (!p.startsWith("charts/")) {
        own.put(p, f.getValue());
        continue;
      }
      String rest = p.substring("charts/".length());
      int slash = rest.indexOf('/');
      if (slash > 0) {
        dirDeps
            .computeIfAbsent(rest.substring(0, slash), k -> new LinkedHashMap<>())
            .put(rest.substring(slash + 1), f.getValue());
      } else if (rest.endsWith(".tgz") || rest.endsWith(".tar.gz")) {
        String name = rest.replaceAll("\\.(tgz|tar\\.gz)$", "");
        deps.add(load(archive, new ByteArrayInputStream(f.getValue()), name, budget));
      } // .prov files and other strays in charts/ are not charts
    }
    for (Map.Entry<String, Map<String, byte[]>> d : dirDeps.entrySet()) {
      deps.add(build(archive, d.getKey(), d.getValue(), budget));
    }
    byte[] chartYaml = own.get("Chart.yaml");
    if (chartYaml == null) {
      throw invalid(archive, "Chart.yaml file is missing" + where(dirName));
    }
    JsonNode meta;
    try {
      meta = YAML.readTree(chartYaml);
    } catch (IOException e) {
      throw invalid(archive, "cannot parse Chart.yaml" + where(dirName) + ": " + e.getMessage());
    }
    if (!(meta instanceof ObjectNode m)) {
      throw invalid(archive, "Chart.yaml" + where(dirName) + " is not a map");
    }
    for (String required : List.of("apiVersion", "name", "version")) {
      if (m.path(required).asText("").isEmpty()) {
        throw invalid(
            archive, "validation: chart.metadata." + required + " is required" + where(dirName));
      }
    }
    for (String yaml : List.of("values.yaml", "Chart.lock")) {
      if (own.containsKey(yaml)) {
        try {
          YAML.readTree(own.get(yaml));
        } catch (IOException e) {
          throw invalid(archive, "cannot parse " + yaml + where(dirName) + ": " + e.getMessage());
        }
      }
    }
    return new LoadedChart(
        m.path("name").asText(),
        m.path("version").asText(),
        m.path("appVersion").asText(""),
        archive,
        dirName,
        m,
        own,
        List.copyOf(deps));
  }

  private static String where(String dirName) {
    return dirName.endsWith(".tgz") ? "" : " (in subchart '" + dirName + "')";
  }

  /** The entry's path, normalised; refuses absolute paths and any that climb out. */
  static String safe(Path archive, String name) throws ReleaseException {
    String p = name.replace('\\', '/');
    if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
      throw invalid(archive, "entry '" + name + "' has an absolute path");
    }
    List<String> parts = new ArrayList<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) continue;
      if (s.equals("..")) {
        throw invalid(archive, "entry '" + name + "' would escape the chart's directory");
      }
      parts.add(s);
    }
    if (parts.isEmpty()) throw invalid(archive, "entry '" + name + "' has an empty path");
    return String.join("/", parts);
  }

  private static ReleaseException invalid(Path archive, String why) {
    return new ReleaseException(
        ReleaseException.Kind.CHART,
        "chart archive '" + archive.getFileName() + "' is not a valid chart: " + why);
  }
}
