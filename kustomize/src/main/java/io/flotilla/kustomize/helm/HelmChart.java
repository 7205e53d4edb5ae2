package io.flotilla.kustomize.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a kustomization's {@code helmCharts}, with the {@code helmGlobals} that apply to it:
 * the fields of kustomize's {@code types.HelmChart} and {@code types.HelmGlobals}, defaults already
 * applied ({@code chartHome: charts}, {@code valuesMerge: override}).
 *
 * @param valuesFile the values file kustomize starts from; null means {@code
 *     <chartHome>/<name>/values.yaml}
 * @param valuesInline never null (an empty map when absent)
 */
public record HelmChart(
    String name,
    String version,
    String repo,
    String releaseName,
    String namespace,
    String nameTemplate,
    String valuesFile,
    List<String> additionalValuesFiles,
    ObjectNode valuesInline,
    ValuesMerge valuesMerge,
    boolean includeCRDs,
    boolean skipHooks,
    boolean skipTests,
    List<String> apiVersions,
    String kubeVersion,
    boolean debug,
    String chartHome,
    String configHome) {

  /** How {@code valuesInline} combines with the values file. */
  public enum ValuesMerge {
    /** Deep merge; inline values win. The default. */
    OVERRIDE,
    /** Deep merge; the file's values win unless empty. */
    MERGE,
    /** Inline values only; the values file is ignored. */
    REPLACE
  }

  /** kustomize's {@code types.HelmDefaultHome}. */
  public static final String DEFAULT_CHART_HOME = "charts";

  /**
   * The charts of a kustomization: {@code helmCharts}, then the deprecated {@code
   * helmChartInflationGenerator} entries converted as kustomize converts them.
   *
   * @param kustomization the whole kustomization document
   */
  public static List<HelmChart> of(JsonNode kustomization) throws HelmException {
    JsonNode globals = kustomization.get("helmGlobals");
    if (globals != null && !globals.isNull() && !globals.isObject()) {
      throw invalid("helmGlobals", "HelmGlobals", globals);
    }
    String chartHome = text(globals, "chartHome", "HelmGlobals");
    String configHome = text(globals, "configHome", "HelmGlobals");
    List<JsonNode> entries = new ArrayList<>();
    JsonNode charts = kustomization.get("helmCharts");
    if (charts != null && !charts.isNull()) {
      if (!charts.isArray()) throw invalid("helmCharts", "[]types.HelmChart", charts);
      charts.forEach(entries::add);
    }
    JsonNode legacy = kustomization.get("helmChartInflationGenerator");
    if (legacy != null && !legacy.isNull()) {
      if (!legacy.isArray()) {
        throw invalid("helmChartInflationGenerator", "[]types.HelmChartArgs", legacy);
      }
      String legacyChartHome = null;
      String legacyConfigHome = null;
      for (JsonNode old : legacy) {
        entries.add(fromLegacy(old));
        String h = text(old, "chartHome", "HelmChartArgs");
        if (h != null && !h.isEmpty()) legacyChartHome = h; // last non-empty wins
        String c = text(old, "helmHome", "HelmChartArgs");
        if (c != null && !c.isEmpty()) legacyConfigHome = c;
      }
      // kustomize only takes the legacy homes when there are no helmGlobals
      if (globals == null || globals.isNull()) {
        chartHome = legacyChartHome;
        configHome = legacyConfigHome;
      }
    }
    List<HelmChart> out = new ArrayList<>();
    for (JsonNode e : entries) {
      out.add(parse(e, chartHome, configHome));
    }
    return out;
  }

  private static ObjectNode fromLegacy(JsonNode old) throws HelmException {
    if (!old.isObject()) throw invalid("helmChartInflationGenerator", "HelmChartArgs", old);
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    String[][] renames = {
      {"chartName", "name"},
      {"chartVersion", "version"},
      {"chartRepoUrl", "repo"},
      {"values", "valuesFile"},
      {"valuesLocal", "valuesInline"},
      {"valuesMerge", "valuesMerge"},
      {"releaseName", "releaseName"}
    };
    for (String[] r : renames) {
      if (old.has(r[0])) c.set(r[1], old.get(r[0]));
    }
    return c;
  }

  private static HelmChart parse(JsonNode c, String chartHome, String configHome)
      throws HelmException {
    if (!c.isObject()) throw invalid("helmCharts", "types.HelmChart", c);
    String name = text(c, "name", "HelmChart");
    if (name == null || name.isEmpty()) {
      throw new HelmException(
          "trouble configuring builtin HelmChartInflationGenerator: chart name cannot be empty"
              + " (set helmCharts[].name)");
    }
    String merge = text(c, "valuesMerge", "HelmChart");
    ValuesMerge valuesMerge =
        switch (merge == null ? "" : merge) {
          case "", "override" -> ValuesMerge.OVERRIDE;
          case "merge" -> ValuesMerge.MERGE;
          case "replace" -> ValuesMerge.REPLACE;
          default ->
              throw new HelmException(
                  "trouble configuring builtin HelmChartInflationGenerator for chart '"
                      + name
                      + "': valuesMerge must be one of [merge override replace]");
        };
    JsonNode inline = c.get("valuesInline");
    if (inline != null && !inline.isNull() && !inline.isObject()) {
      throw invalid("valuesInline", "map[string]interface {}", inline);
    }
    String home = chartHome == null || chartHome.isEmpty() ? DEFAULT_CHART_HOME : chartHome;
    return new HelmChart(
        name,
        text(c, "version", "HelmChart"),
        text(c, "repo", "HelmChart"),
        text(c, "releaseName", "HelmChart"),
        text(c, "namespace", "HelmChart"),
        text(c, "nameTemplate", "HelmChart"),
        emptyToNull(text(c, "valuesFile", "HelmChart")),
        strings(c, "additionalValuesFiles"),
        inline instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode(),
        valuesMerge,
        bool(c, "includeCRDs"),
        bool(c, "skipHooks"),
        bool(c, "skipTests"),
        strings(c, "apiVersions"),
        text(c, "kubeVersion", "HelmChart"),
        bool(c, "debug"),
        home,
        emptyToNull(configHome));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String text(JsonNode parent, String field, String type) throws HelmException {
    JsonNode n = parent == null ? null : parent.get(field);
    if (n == null || n.isNull()) return null;
    if (!n.isValueNode()) throw invalid(type + "." + field, "string", n);
    return n.asText();
  }

  private static boolean bool(JsonNode parent, String field) throws HelmException {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) return false;
    if (!n.isBoolean()) throw invalid("HelmChart." + field, "bool", n);
    return n.asBoolean();
  }

  private static List<String> strings(JsonNode parent, String field) throws HelmException {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw invalid("HelmChart." + field, "[]string", n);
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isValueNode() || e.isNull()) throw invalid("HelmChart." + field, "string", e);
      out.add(e.asText());
    }
    return List.copyOf(out);
  }

  private static HelmException invalid(String field, String goType, JsonNode n) {
    String type =
        n.isTextual()
            ? "string"
            : n.isNumber() ? "number" : n.isBoolean() ? "bool" : n.isArray() ? "array" : "object";
    return new HelmException(
        "invalid Kustomization: json: cannot unmarshal %s into Go struct field %s of type %s"
            .formatted(type, field, goType));
  }
}
