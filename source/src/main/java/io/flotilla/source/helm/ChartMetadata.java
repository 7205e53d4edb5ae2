package io.flotilla.source.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.kustomize.Yaml;
import io.flotilla.source.Semver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The parts of {@code Chart.yaml} packaging needs: name, version, dependencies. */
record ChartMetadata(String name, String version, List<Dependency> dependencies) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An entry of {@code dependencies} ({@code requirements.yaml} for apiVersion v1 charts). */
  record Dependency(String name, String version, String repository) {}

  static ChartMetadata parse(String yaml, String where) throws IOException {
    Map<?, ?> m = map(yaml, where);
    Object name = m.get("name");
    Object version = m.get("version");
    if (name == null || name.toString().isBlank()) {
      throw new IOException("validation: chart.metadata.name is required (in " + where + ")");
    }
    if (version == null || !Semver.isVersion(version.toString())) {
      throw new IOException(
          "validation: chart.metadata.version %s is invalid (in %s): it must be a semantic version such as 1.2.3"
              .formatted(version == null ? "is required" : "'" + version + "'", where));
    }
    return new ChartMetadata(
        name.toString(), version.toString(), dependencies(m.get("dependencies")));
  }

  static List<Dependency> dependencies(Object list) {
    List<Dependency> out = new ArrayList<>();
    if (list instanceof List<?> deps) {
      for (Object d : deps) {
        if (d instanceof Map<?, ?> dm && dm.get("name") != null) {
          out.add(
              new Dependency(
                  dm.get("name").toString(),
                  dm.get("version") == null ? "" : dm.get("version").toString(),
                  dm.get("repository") == null ? "" : dm.get("repository").toString()));
        }
      }
    }
    return out;
  }

  /**
   * The first document of {@code yaml} as Helm reads Chart.yaml and values files
   * (sigs.k8s.io/yaml), within the bounds of a kustomize build: an alias bomb or a key written
   * twice is refused.
   */
  static Map<?, ?> map(String yaml, String where) throws IOException {
    List<JsonNode> docs;
    try {
      docs = Yaml.read(yaml);
    } catch (Yaml.InvalidYamlException e) {
      throw new IOException("cannot parse %s: %s".formatted(where, e.getMessage()));
    }
    if (docs.isEmpty()) {
      return Map.of();
    }
    if (!docs.get(0).isObject()) {
      throw new IOException(where + " is not a YAML mapping");
    }
    return JSON.convertValue(docs.get(0), Map.class);
  }
}
