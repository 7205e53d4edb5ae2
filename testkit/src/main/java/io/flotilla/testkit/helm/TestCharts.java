package io.flotilla.testkit.helm;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Charts of our own making, shaped like the tutorial's (podinfo, ingress-nginx, redis with the
 * library chart {@code common}), kept as sources under this package's {@code charts/} resources and
 * packaged into {@code .tgz} archives by Helm's own code (helm-java) when a test asks.
 *
 * <p>One source serves every published version: {@code version} and {@code appVersion} are stamped
 * into a copy of {@code Chart.yaml}, so the templates tell versions apart through {@code
 * .Chart.Version} (the {@code helm.sh/chart} label) and {@code .Chart.AppVersion} (image tags).
 */
public final class TestCharts {
  /** One published chart version. */
  public record Version(String chart, String version, String appVersion) {
    /** The archive name Helm gives it: {@code <chart>-<version>.tgz}. */
    public String archiveName() {
      return chart + "-" + version + ".tgz";
    }
  }

  /**
   * Every version the tutorial's repositories offer here: {@code 4.10.1} picks one of three
   * ingress-nginx versions, {@code 17.x} the newest redis 17 (17.3.1) but never 18.0.0, and {@code
   * >=1.0.0-alpha} the prerelease podinfo 6.2.0-rc.1 over the stable 6.1.0.
   */
  public static final List<Version> ALL =
      List.of(
          new Version("podinfo", "6.0.0", "6.0.0"),
          new Version("podinfo", "6.0.3", "6.0.3"),
          new Version("podinfo", "6.1.0", "6.1.0"),
          new Version("podinfo", "6.2.0-rc.1", "6.2.0-rc.1"),
          new Version("ingress-nginx", "4.10.0", "1.10.0"),
          new Version("ingress-nginx", "4.10.1", "1.10.1"),
          new Version("ingress-nginx", "4.11.0", "1.11.0"),
          new Version("redis", "17.0.0", "7.0.4"),
          new Version("redis", "17.3.1", "7.0.5"),
          new Version("redis", "18.0.0", "7.2.0"));

  private static final Pattern VERSION_LINE = Pattern.compile("(?m)^version:.*$");
  private static final Pattern APP_VERSION_LINE = Pattern.compile("(?m)^appVersion:.*$");

  private TestCharts() {}

  /** The versions of one chart, in publishing order. */
  public static List<Version> versionsOf(String chart) {
    return ALL.stream().filter(v -> v.chart().equals(chart)).toList();
  }

  /**
   * Copies every chart source (including the library chart {@code common}) into {@code dir}, one
   * folder per chart, so a test can change a chart before packaging it.
   */
  public static Path sources(Path dir) {
    try {
      URI root = TestCharts.class.getResource("charts").toURI();
      if (root.getScheme().equals("jar")) {
        FileSystem opened = null;
        try {
          opened = FileSystems.newFileSystem(root, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          // another reader holds it open: read through theirs and leave it open
        }
        try {
          copyTree(Path.of(root), dir);
        } finally {
          if (opened != null) opened.close();
        }
      } else {
        copyTree(Path.of(root), dir);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One chart's source, as it would sit in a Git repository or a bucket: the sources copied into
   * {@code dir} and {@code version}'s version and appVersion stamped into its Chart.yaml. Returns
   * the chart's folder ({@code dir/<chart>}).
   */
  public static Path source(Version version, Path dir) {
    Path chartDir = sources(dir).resolve(version.chart());
    stamp(chartDir, version.version(), version.appVersion());
    return chartDir;
  }

  /** Packages every version of {@link #ALL} into {@code dest}; returns the archives in order. */
  public static List<Path> packageAll(Path dest) {
    return packageEach(ALL, dest);
  }

  /** Packages the given versions into {@code dest} (sources copied once to a sibling folder). */
  public static List<Path> packageEach(List<Version> versions, Path dest) {
    try {
      Path work = Files.createTempDirectory("flotilla-charts-");
      try {
        sources(work);
        List<Path> out = new ArrayList<>();
        for (Version v : versions) {
          out.add(packageChart(work.resolve(v.chart()), v.version(), v.appVersion(), dest));
        }
        return out;
      } finally {
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Helm's starter chart, as {@code helm create name} writes it, at {@code version} (its appVersion
   * as Helm wrote it), packaged by {@code helm package} into {@code dir}; returns the archive.
   */
  public static Path helmCreate(String name, String version, Path dir) {
    try {
      Path src = Files.createDirectories(dir.resolve("src-" + name + "-" + version));
      Helm.create().withName(name).withDir(src).call();
      Path chart = src.resolve(name);
      Files.writeString(
          chart.resolve("Chart.yaml"),
          VERSION_LINE
              .matcher(Files.readString(chart.resolve("Chart.yaml")))
              .replaceFirst("version: " + version));
      new Helm(chart).packageIt().withDestination(dir).call();
      return dir.resolve(name + "-" + version + ".tgz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stamps {@code version}/{@code appVersion} into {@code chartDir}'s Chart.yaml, vendors its
   * {@code file://} dependencies ({@code helm dependency update}) and runs {@code helm package}
   * into {@code dest}. Returns the archive.
   */
  public static Path packageChart(Path chartDir, String version, String appVersion, Path dest) {
    try {
      String meta = stamp(chartDir, version, appVersion);
      Files.createDirectories(dest);
      Helm helm = new Helm(chartDir);
      if (meta.contains("\ndependencies:")) {
        helm.dependency().update().call();
      }
      helm.packageIt().withDestination(dest).call();
      Path archive = dest.resolve(chartDir.getFileName() + "-" + version + ".tgz");
      if (!Files.isRegularFile(archive)) {
        throw new IllegalStateException("helm package did not write " + archive);
      }
      return archive;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code version}/{@code appVersion} into the chart's Chart.yaml; returns its text. */
  private static String stamp(Path chartDir, String version, String appVersion) {
    try {
      Path chartYaml = chartDir.resolve("Chart.yaml");
      String meta = Files.readString(chartYaml);
      meta = VERSION_LINE.matcher(meta).replaceFirst("version: " + version);
      meta = APP_VERSION_LINE.matcher(meta).replaceFirst("appVersion: \"" + appVersion + "\"");
      Files.writeString(chartYaml, meta);
      return meta;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
