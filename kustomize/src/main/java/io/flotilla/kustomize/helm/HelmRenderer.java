package io.flotilla.kustomize.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code helm template} through helm-java, with the output the helm CLI prints: CRDs from {@code
 * crds/} first when asked, then the manifests, then the hooks (unless skipped).
 *
 * <p>helm-java only returns a release's manifest, without hooks; so the chart is rendered from a
 * copy whose templates spell the hook annotations under a placeholder key, which makes helm treat
 * hooks as plain manifests, and the key is put back afterwards. The only class that touches
 * helm-java, so that its native library is loaded only when a chart is actually rendered.
 */
final class HelmRenderer {
  /** What {@code helm template} prints as its version ({@code helm version -c --short}). */
  static final String HELM_VERSION = "v3.21.0";

  private static final String HOOK = "helm.sh/hook";
  // same length class of characters as an annotation key, and never a hook helm knows
  private static final String PLACEHOLDER = "flotilla.invalid/hook";
  private static final long MAX_CHART_BYTES = 64L << 20;
  private static final int MAX_CHART_FILES = 10_000;
  private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");
  private static final YAMLMapper YAML = new YAMLMapper();

  private HelmRenderer() {}

  /**
   * One {@code helm template} invocation.
   *
   * @param chartDir the chart's directory (absolute)
   * @param releaseName null or empty: the name template, else helm's {@code release-name}
   * @param valuesFiles {@code -f} files in order (absolute)
   * @param work an empty scratch directory the caller deletes
   */
  record Request(
      Path chartDir,
      String releaseName,
      String nameTemplate,
      String namespace,
      List<Path> valuesFiles,
      List<String> apiVersions,
      String kubeVersion,
      boolean includeCRDs,
      boolean skipHooks,
      boolean skipTests,
      boolean debug,
      Path work) {}

  static String render(Request r) throws HelmException {
    try {
      return renderWithHelm(r);
    } catch (LinkageError e) {
      throw new HelmException(
          "helm-java cannot run here (its native Helm library for this OS and architecture did not"
              + " load): "
              + e,
          e);
    }
  }

  /** What helm-java cannot do, refused before anything is copied or rendered. */
  private static void check(Request r) throws HelmException {
    if (!r.apiVersions().isEmpty()) {
      throw new HelmException(
          "helmCharts[].apiVersions is not supported: helm-java, which renders charts here,"
              + " cannot set Capabilities.APIVersions; remove apiVersions from the chart '"
              + r.chartDir().getFileName()
              + "'");
    }
    for (Path f : r.valuesFiles()) {
      if (f.toString().contains(",")) {
        throw new HelmException(
            "values file '" + f + "' has a comma in its path, which helm-java cannot pass on");
      }
    }
    boolean named = r.releaseName() != null && !r.releaseName().isEmpty();
    boolean templated = r.nameTemplate() != null && !r.nameTemplate().isEmpty();
    if (named && templated) {
      throw new HelmException("cannot set --name-template and also specify a name");
    }
  }

  private static String renderWithHelm(Request r) throws HelmException {
    check(r);
    Path chart = copyChart(r.chartDir(), r.work().resolve(r.chartDir().getFileName().toString()));
    return renderCopy(r, chart);
  }

  /** {@link #render} of a chart {@link #prepare}d before: {@code r.chartDir()} is that copy. */
  static String renderPrepared(Request r) throws HelmException {
    check(r);
    try {
      return renderCopy(r, r.chartDir());
    } catch (LinkageError e) {
      throw new HelmException("helm-java cannot run here: " + e, e);
    }
  }

  /**
   * Writes the copy of a chart that {@link #renderPrepared} reads (hook annotations under the
   * placeholder key), so that one copy serves any number of renders.
   */
  static Path prepare(Path chartDir, Path target) throws HelmException {
    return copyChart(chartDir, target);
  }

  private static String renderCopy(Request r, Path chart) throws HelmException {
    boolean named = r.releaseName() != null && !r.releaseName().isEmpty();
    boolean templated = r.nameTemplate() != null && !r.nameTemplate().isEmpty();
    String name = named ? r.releaseName() : templated ? templateName(r, chart) : "release-name";
    TemplateCommand t = new Helm(chart).template().withName(name);
    // the helm CLI renders .Release.Namespace as "default" when no namespace is given
    boolean hasNamespace = r.namespace() != null && !r.namespace().isEmpty();
    t = t.withNamespace(hasNamespace ? r.namespace() : "default");
    if (r.kubeVersion() != null && !r.kubeVersion().isEmpty()) {
      t = t.withKubeVersion(r.kubeVersion());
    }
    for (Path f : r.valuesFiles()) t = t.withValuesFile(f);
    if (r.debug()) t = t.debug();
    String manifest;
    try {
      manifest = t.call();
    } catch (RuntimeException e) {
      throw new HelmException("Error: " + helmMessage(e), e);
    } finally {
      NativeSignals.restore();
    }
    StringBuilder out = new StringBuilder();
    if (r.includeCRDs()) {
      for (String crd : crds(r.chartDir(), r.chartDir().getFileName().toString())) {
        out.append(crd);
      }
    }
    List<String> hooks = new ArrayList<>();
    for (String doc : SEPARATOR.split(manifest)) {
      if (doc.isBlank()) continue;
      String body = doc.startsWith("\n") ? doc.substring(1) : doc;
      String events = hookEvents(body);
      String restored = body.replace(PLACEHOLDER, HOOK);
      if (!restored.endsWith("\n")) restored += "\n";
      if (events == null) {
        out.append("---\n").append(restored);
      } else if (!r.skipHooks() && !(r.skipTests() && isTest(events))) {
        hooks.add("---\n" + restored);
      }
    }
    hooks.forEach(out::append);
    return out.toString();
  }

  /** See {@link ChartTemplate#notes}: of {@code r}'s chart, release, namespace, values, version. */
  static String notes(Request r) throws HelmException {
    var install =
        new Helm(r.chartDir())
            .install()
            .clientOnly()
            .dryRun()
            .withName(r.releaseName())
            .withNamespace(r.namespace());
    if (r.kubeVersion() != null && !r.kubeVersion().isEmpty())
      install = install.withKubeVersion(r.kubeVersion());
    for (Path f : r.valuesFiles()) install = install.withValuesFile(f);
    String status;
    try {
      status = install.call().getOutput();
    } catch (RuntimeException e) {
      throw new HelmException("Error: " + helmMessage(e), e);
    } catch (LinkageError e) {
      throw new HelmException("helm-java cannot run here: " + e, e);
    } finally {
      NativeSignals.restore();
    }
    // without debug the status text holds fixed header lines, then NOTES last
    int at = status == null ? -1 : status.indexOf("\nNOTES:\n");
    return at < 0 ? "" : status.substring(at + "\nNOTES:\n".length()).strip() + "\n";
  }

  private static String templateName(Request r, Path chart) throws HelmException {
    var install =
        new Helm(chart)
            .install()
            .clientOnly()
            .dryRun()
            .generateName()
            .withNameTemplate(r.nameTemplate());
    for (Path f : r.valuesFiles()) install = install.withValuesFile(f);
    try {
      return install.call().getName();
    } catch (RuntimeException e) {
      throw new HelmException("Error: " + helmMessage(e), e);
    } finally {
      NativeSignals.restore();
    }
  }

  private static String helmMessage(RuntimeException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
    return m;
  }

  /** The hook events of a rendered document (its placeholder annotation), or null if none. */
  private static String hookEvents(String doc) {
    if (!doc.contains(PLACEHOLDER)) return null;
    try {
      JsonNode n = YAML.readTree(doc);
      JsonNode v = n == null ? null : n.path("metadata").path("annotations").get(PLACEHOLDER);
      return v == null ? null : v.asText("");
    } catch (IOException e) {
      return null; // helm already parsed it; an unreadable document stays a plain manifest
    }
  }

  /** helm's test hooks: the events {@code test} and its old alias {@code test-success}. */
  private static boolean isTest(String events) {
    for (String e : events.split(",")) {
      String t = e.strip();
      if (t.equals("test") || t.equals("test-success")) return true;
    }
    return false;
  }

  /** Copies the chart, spelling hook annotations in its templates under the placeholder key. */
  private static Path copyChart(Path from, Path to) throws HelmException {
    long[] bytes = {0};
    int[] files = {0};
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = from.relativize(p);
        Path dest = to.resolve(rel.toString());
        if (Files.isSymbolicLink(p)) {
          throw new HelmException(
              "chart '%s' holds a symbolic link '%s'; this build does not follow links in charts"
                  .formatted(from.getFileName(), rel));
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
          continue;
        }
        bytes[0] += Files.size(p);
        if (++files[0] > MAX_CHART_FILES || bytes[0] > MAX_CHART_BYTES) {
          throw new HelmException(
              "chart '%s' is larger than %d files or %d MB"
                  .formatted(from.getFileName(), MAX_CHART_FILES, MAX_CHART_BYTES >> 20));
        }
        // NOTES.txt is no manifest: it keeps its text, so notes read from the copy are Helm's
        if (inTemplates(rel) && !rel.getFileName().toString().equals("NOTES.txt")) {
          // ISO-8859-1 maps bytes one to one, so only the ASCII key changes
          String text = Files.readString(p, StandardCharsets.ISO_8859_1);
          Files.writeString(dest, text.replace(HOOK, PLACEHOLDER), StandardCharsets.ISO_8859_1);
        } else {
          Files.copy(p, dest);
        }
      }
    } catch (IOException e) {
      throw new HelmException(
          "cannot read chart '%s': %s".formatted(from.getFileName(), e.getMessage()), e);
    }
    return to;
  }

  private static boolean inTemplates(Path rel) {
    for (Path part : rel) {
      if (part.toString().equals("templates")) return true;
    }
    return false;
  }

  /**
   * The files under {@code crds/} of the chart and of its unpacked subcharts, as {@code helm
   * template --include-crds} prints them.
   */
  private static List<String> crds(Path chart, String fullPath) throws HelmException {
    List<String> out = new ArrayList<>();
    Path dir = chart.resolve("crds");
    try {
      if (Files.isDirectory(dir)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
          files =
              walk.filter(Files::isRegularFile)
                  .filter(p -> p.toString().matches(".*\\.(yaml|yml|json)$"))
                  .sorted(
                      (a, b) ->
                          chart.relativize(a).toString().compareTo(chart.relativize(b).toString()))
                  .toList();
        }
        for (Path f : files) {
          String rel = chart.relativize(f).toString().replace('\\', '/');
          out.add(
              "---\n# Source: %s/%s\n%s\n"
                  .formatted(fullPath, rel, Files.readString(f, StandardCharsets.UTF_8)));
        }
      }
      Path subcharts = chart.resolve("charts");
      if (Files.isDirectory(subcharts)) {
        List<Path> subs;
        try (Stream<Path> list = Files.list(subcharts)) {
          subs = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path sub : subs) {
          out.addAll(crds(sub, fullPath + "/charts/" + sub.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new HelmException("cannot read the CRDs of chart '" + fullPath + "'", e);
    }
    return out;
  }
}
