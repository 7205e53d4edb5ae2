package io.flotilla.source.helm;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.flotilla.source.Semver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A Helm repository index reduced to what chart resolution needs (see {@link ChartVersion}),
 * entries sorted by name and each chart's versions newest first, as Helm's {@code SortEntries}
 * leaves them.
 */
public final class ChartIndex {
  private final String apiVersion;
  private final String generated;
  private final Map<String, List<ChartVersion>> entries;

  ChartIndex(String apiVersion, String generated, Map<String, List<ChartVersion>> entries) {
    this.apiVersion = apiVersion;
    this.generated = generated;
    Comparator<ChartVersion> newestFirst = (a, b) -> Semver.compare(b.version(), a.version());
    entries.replaceAll((k, v) -> sorted(v, newestFirst));
    this.entries = entries;
  }

  private static List<ChartVersion> sorted(List<ChartVersion> v, Comparator<ChartVersion> c) {
    List<ChartVersion> copy = new ArrayList<>(v);
    copy.sort(c);
    return List.copyOf(copy);
  }

  /**
   * Parses an index (YAML or JSON) from a stream without building its tree.
   *
   * @throws IndexFormatException when it is not a Helm repository index
   */
  public static ChartIndex parse(InputStream in) throws IOException {
    return IndexParser.parse(in);
  }

  public static ChartIndex read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    }
  }

  public Map<String, List<ChartVersion>> entries() {
    return entries;
  }

  /** How many chart versions the index holds. */
  public int size() {
    return entries.values().stream().mapToInt(List::size).sum();
  }

  /**
   * The version of {@code name} that Flux would pick for {@code version}: an exact version string
   * first, else the highest that satisfies the semver constraint ({@code *} or empty: the latest
   * stable), the most recently created among equal versions.
   *
   * @throws IllegalArgumentException with Flux's wording when nothing matches or the constraint is
   *     not valid
   */
  public ChartVersion resolve(String name, String version) {
    List<ChartVersion> versions = entries.get(name);
    if (versions == null) {
      // Helm's words, which name nothing: say which name and what to check
      throw new IllegalArgumentException(
          "no chart name found: the repository index has no chart '%s' (check the chart name)"
              .formatted(name));
    }
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("no chart version found");
    }
    return best(name, version, versions);
  }

  /** The best of {@code candidates} for the constraint, by Flux's rules (see {@link #resolve}). */
  static ChartVersion best(String name, String version, List<ChartVersion> candidates) {
    String v = version == null ? "" : version.strip();
    if (!v.isEmpty()) {
      for (ChartVersion cv : candidates) {
        if (v.equals(cv.version())) {
          return cv;
        }
      }
    }
    Semver.Range range = Semver.range(v.isEmpty() ? "*" : v);
    ChartVersion best = null;
    for (ChartVersion cv : candidates) {
      if (range.matches(cv.version()) && (best == null || newer(cv, best))) {
        best = cv;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "no '%s' chart with version matching '%s' found".formatted(name, version));
    }
    return best;
  }

  private static boolean newer(ChartVersion a, ChartVersion b) {
    int c = Semver.compare(a.version(), b.version());
    if (c != 0) {
      return c > 0;
    }
    // equal versions (differing only in build metadata): the later package wins, as in Flux
    return created(a).isAfter(created(b));
  }

  private static OffsetDateTime created(ChartVersion v) {
    try {
      return OffsetDateTime.parse(v.created());
    } catch (DateTimeParseException e) {
      return OffsetDateTime.MIN;
    }
  }

  /**
   * Writes the index as JSON in Helm's index format (source-controller stores its index artifact as
   * JSON too), with only the fields this model keeps.
   */
  public void writeJson(OutputStream out) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("apiVersion", apiVersion);
      g.writeObjectFieldStart("entries");
      for (Map.Entry<String, List<ChartVersion>> e : entries.entrySet()) {
        g.writeArrayFieldStart(e.getKey());
        for (ChartVersion v : e.getValue()) {
          g.writeStartObject();
          g.writeStringField("name", v.name());
          g.writeStringField("version", v.version());
          if (!v.created().isEmpty()) {
            g.writeStringField("created", v.created());
          }
          if (!v.digest().isEmpty()) {
            g.writeStringField("digest", v.digest());
          }
          g.writeArrayFieldStart("urls");
          for (String u : v.urls()) {
            g.writeString(u);
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      if (generated != null) {
        g.writeStringField("generated", generated);
      }
      g.writeEndObject();
    }
  }
}
