package io.flotilla.kustomize.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * kustomize's HelmChartInflationGenerator: finds the chart under {@code chartHome}, prepares the
 * values as kustomize does (the values file, or it combined with {@code valuesInline}, then the
 * additional values files) and renders it with helm (helm-java, in process). Charts are never
 * downloaded: a chart missing from {@code chartHome} is an error.
 */
public final class HelmInflator {

  /** The build's file access, confined to its root (the build's load restrictions). */
  public interface FileAccess {
    /** A path a kustomization in {@code dir} may read; fails if it escapes the allowed root. */
    Path resolve(Path dir, String relative) throws HelmException;

    /** The file's text, size-bounded. */
    String read(Path file) throws HelmException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final FileAccess files;

  public HelmInflator(FileAccess files) {
    this.files = files;
  }

  /**
   * Renders one chart of the kustomization in {@code dir}; returns what {@code helm template}
   * prints (YAML documents).
   */
  public String inflate(HelmChart chart, Path dir) throws HelmException {
    String home = chart.chartHome();
    if (nonEmpty(chart.version()) && nonEmpty(chart.repo())) {
      // kustomize keeps a pinned chart from a repo in its own directory:
      // <chartHome>/<name>-<version>
      home = home + "/" + chart.name() + "-" + chart.version();
    }
    Path chartHome = files.resolve(dir, home);
    Path chartDir = files.resolve(chartHome, chart.name());
    if (!Files.isDirectory(chartDir)) {
      if (chart.repo() == null || chart.repo().isEmpty()) {
        throw new HelmException(
            "no repo specified for pull, no chart found at '%s' (put the chart '%s' under %s/%s)"
                .formatted(chartDir, chart.name(), home, chart.name()));
      }
      throw new HelmException(
          ("chart '%s' is not under chartHome '%s' and would have to be pulled from '%s', but"
                  + " this kustomize build never downloads charts: pull it there first (helm pull"
                  + " --untar --untardir %s %s%s)")
              .formatted(
                  chart.name(),
                  home,
                  chart.repo(),
                  home,
                  chart.repo().startsWith("oci://")
                      ? chart.repo().replaceAll("/$", "") + "/" + chart.name()
                      : "--repo " + chart.repo() + " " + chart.name(),
                  chart.version() == null ? "" : " --version " + chart.version()));
    }
    Path valuesFile =
        chart.valuesFile() != null
            ? files.resolve(dir, chart.valuesFile())
            : chartDir.resolve("values.yaml");
    List<Path> additional = new ArrayList<>();
    for (String f : chart.additionalValuesFiles()) {
      Path p = files.resolve(dir, f);
      try {
        files.read(p);
      } catch (HelmException e) {
        throw new HelmException(
            "trouble configuring builtin HelmChartInflationGenerator: could not load"
                + " additionalValuesFile: "
                + e.getMessage(),
            e);
      }
      additional.add(p);
    }
    Path work;
    try {
      work = Files.createTempDirectory("kustomize-helm-");
    } catch (IOException e) {
      throw new HelmException("cannot create a temporary directory for helm", e);
    }
    try {
      List<Path> values = new ArrayList<>();
      values.add(values(chart, valuesFile, work));
      values.addAll(additional);
      Path charts = work.resolve("chart");
      Files.createDirectories(charts);
      return HelmRenderer.render(
          new HelmRenderer.Request(
              chartDir,
              chart.releaseName(),
              chart.nameTemplate(),
              chart.namespace(),
              values,
              chart.apiVersions(),
              chart.kubeVersion(),
              chart.includeCRDs(),
              chart.skipHooks(),
              chart.skipTests(),
              chart.debug(),
              charts));
    } catch (IOException e) {
      throw new HelmException("cannot prepare helm's values: " + e.getMessage(), e);
    } finally {
      deleteTree(work);
    }
  }

  /** The values file helm gets first, written to {@code work}. */
  private Path values(HelmChart chart, Path valuesFile, Path work)
      throws HelmException, IOException {
    Path out = work.resolve(chart.name() + "-kustomize-values.yaml");
    if (chart.valuesInline().isEmpty()) {
      Files.writeString(out, files.read(valuesFile), StandardCharsets.UTF_8);
      return out;
    }
    ObjectNode fileValues = JsonNodeFactory.instance.objectNode();
    if (chart.valuesMerge() != HelmChart.ValuesMerge.REPLACE) {
      String text = files.read(valuesFile);
      JsonNode parsed;
      try {
        parsed = new YAMLMapper().readTree(text);
      } catch (IOException e) {
        throw new HelmException(
            "error converting YAML to JSON in values file '%s': %s"
                .formatted(valuesFile.getFileName(), e.getMessage()),
            e);
      }
      if (parsed instanceof ObjectNode o) {
        fileValues = o;
      } else if (parsed != null && !parsed.isNull() && !parsed.isMissingNode()) {
        throw new HelmException(
            "values file '%s' must hold a map".formatted(valuesFile.getFileName()));
      }
    }
    ObjectNode combined = HelmValues.combine(fileValues, chart.valuesInline(), chart.valuesMerge());
    // JSON is YAML, and unambiguous about strings
    Files.writeString(out, JSON.writeValueAsString(combined), StandardCharsets.UTF_8);
    return out;
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // a leftover temporary directory is not worth failing a build for
    }
  }
}
