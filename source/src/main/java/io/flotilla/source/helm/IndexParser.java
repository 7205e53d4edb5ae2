package io.flotilla.source.helm;

import io.flotilla.source.Semver;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads an {@code index.yaml} (or its JSON form) as a stream of YAML events, keeping per chart only
 * name, version, urls, digest and created: a 50 MiB index never exists as a tree in memory. Entries
 * whose metadata Helm would reject (no name, version not semver) are dropped, as Helm's loader
 * does.
 */
final class IndexParser {
  private final Iterator<Event> events;

  private IndexParser(Reader reader) {
    LoadSettings settings =
        LoadSettings.builder()
            // the size is bounded by the caller (--helm-index-max-size), not by the parser
            .setCodePointLimit(Integer.MAX_VALUE)
            .setAllowDuplicateKeys(true)
            .build();
    this.events = new Parse(settings).parseReader(reader).iterator();
  }

  static ChartIndex parse(InputStream in) throws IndexFormatException {
    try {
      return new IndexParser(new InputStreamReader(in, StandardCharsets.UTF_8)).index();
    } catch (YamlEngineException e) {
      throw new IndexFormatException(
          "error converting YAML to JSON: " + e.getMessage().replace('\n', ' ').strip(), e);
    } catch (java.io.UncheckedIOException e) {
      throw new IndexFormatException("cannot read index: " + e.getCause().getMessage(), e);
    }
  }

  private ChartIndex index() throws IndexFormatException {
    next(); // stream start
    Event e = next();
    if (e.getEventId() == Event.ID.StreamEnd) {
      throw new IndexFormatException("empty index.yaml file");
    }
    e = next(); // after document start
    if (e.getEventId() != Event.ID.MappingStart) {
      throw new IndexFormatException(
          "the document is %s, not a Helm repository index (a mapping with 'apiVersion' and 'entries'); check that spec.url points at a chart repository"
              .formatted(describe(e)));
    }
    String apiVersion = null;
    String generated = null;
    Map<String, List<ChartVersion>> entries = new TreeMap<>();
    while ((e = next()).getEventId() != Event.ID.MappingEnd) {
      String key = scalar(e);
      switch (key == null ? "" : key) {
        case "apiVersion" -> apiVersion = scalarValue();
        case "generated" -> generated = scalarValue();
        case "entries" -> entries(entries);
        default -> skip(next());
      }
    }
    if (apiVersion == null || apiVersion.isEmpty()) {
      throw new IndexFormatException("no API version specified");
    }
    return new ChartIndex(apiVersion, generated, entries);
  }

  private void entries(Map<String, List<ChartVersion>> out) throws IndexFormatException {
    Event e = next();
    if (e.getEventId() != Event.ID.MappingStart) {
      skip(e);
      return;
    }
    while ((e = next()).getEventId() != Event.ID.MappingEnd) {
      String chart = scalar(e);
      Event list = next();
      if (chart == null || list.getEventId() != Event.ID.SequenceStart) {
        skip(list);
        continue;
      }
      List<ChartVersion> versions = out.computeIfAbsent(chart, k -> new ArrayList<>());
      Event item;
      while ((item = next()).getEventId() != Event.ID.SequenceEnd) {
        if (item.getEventId() != Event.ID.MappingStart) {
          skip(item);
          continue;
        }
        ChartVersion v = version(chart);
        if (v != null) {
          versions.add(v);
        }
      }
    }
  }

  /** One entry; null when Helm's validation would drop it. */
  private ChartVersion version(String chart) throws IndexFormatException {
    String name = null;
    String version = null;
    String digest = "";
    String created = "";
    List<String> urls = List.of();
    Event e;
    while ((e = next()).getEventId() != Event.ID.MappingEnd) {
      String key = scalar(e);
      switch (key == null ? "" : key) {
        case "name" -> name = scalarValue();
        case "version" -> version = scalarValue();
        case "digest" -> digest = orEmpty(scalarValue());
        case "created" -> created = orEmpty(scalarValue());
        case "urls" -> urls = urls();
        default -> skip(next());
      }
    }
    if (name == null || name.isEmpty() || !Semver.isVersion(version)) {
      return null;
    }
    // the entry key is usually the same string: share it rather than keep 20k copies
    return new ChartVersion(name.equals(chart) ? chart : name, version, urls, digest, created);
  }

  private List<String> urls() throws IndexFormatException {
    Event e = next();
    if (e.getEventId() != Event.ID.SequenceStart) {
      skip(e);
      return List.of();
    }
    List<String> urls = new ArrayList<>(1);
    while ((e = next()).getEventId() != Event.ID.SequenceEnd) {
      String u = scalar(e);
      if (u != null) {
        urls.add(u);
      } else {
        skip(e);
      }
    }
    return List.copyOf(urls);
  }

  private String scalarValue() throws IndexFormatException {
    Event e = next();
    String s = scalar(e);
    if (s == null) {
      skip(e);
    }
    return s;
  }

  private static String scalar(Event e) {
    return e instanceof ScalarEvent s ? s.getValue() : null;
  }

  /** Skips the node that {@code first} starts (a scalar, an alias or a whole collection). */
  private void skip(Event first) throws IndexFormatException {
    int depth = isStart(first) ? 1 : 0;
    while (depth > 0) {
      Event e = next();
      if (isStart(e)) {
        depth++;
      } else if (e.getEventId() == Event.ID.MappingEnd || e.getEventId() == Event.ID.SequenceEnd) {
        depth--;
      }
    }
  }

  private static boolean isStart(Event e) {
    return e.getEventId() == Event.ID.MappingStart || e.getEventId() == Event.ID.SequenceStart;
  }

  private Event next() throws IndexFormatException {
    if (!events.hasNext()) {
      throw new IndexFormatException("unexpected end of index");
    }
    return events.next();
  }

  private static String describe(Event e) {
    return switch (e.getEventId()) {
      case Scalar -> "a plain text or scalar value";
      case SequenceStart -> "a list";
      default -> "empty";
    };
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
