package io.flotilla.source.helm;

import io.flotilla.source.Semver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** The parts of {@code Chart.yaml} packaging needs: name, version, dependencies. */
record ChartMetadata(String name, String version, List<Dependency> dependencies) {

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

  static Map<?, ?> map(String yaml, String where) throws IOException {
    try {
      Object o = new Load(LoadSettings.builder().build()).loadFromString(yaml);
      if (o == null) {
        return Map.of();
      }
      if (!(o instanceof Map<?, ?> m)) {
        throw new IOException(where + " is not a YAML mapping");
      }
      return m;
    } catch (YamlEngineException e) {
      throw new IOException(
          "cannot parse %s: %s".formatted(where, e.getMessage().replace('\n', ' ').strip()));
    }
  }
}
