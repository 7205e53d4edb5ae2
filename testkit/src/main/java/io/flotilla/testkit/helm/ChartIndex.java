package io.flotilla.testkit.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A Helm repository index ({@code index.yaml}, apiVersion v1) as Helm writes it: each entry is the
 * chart's {@code Chart.yaml} plus {@code urls}, {@code created} and {@code digest} (the sha256 of
 * the archive), versions newest first, keys in alphabetical order. Timestamps are fixed so that the
 * same archives always give the same index.
 */
final class ChartIndex {
  static final String CREATED = "2024-01-01T00:00:00Z";
  private static final long MAX_CHART_YAML = 1 << 20;
  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .build())
          .build();

  /** A published archive: its Chart.yaml, file name and bytes. */
  record Entry(ObjectNode metadata, String fileName, byte[] archive) {
    String name() {
      return metadata.path("name").asText();
    }

    String version() {
      return metadata.path("version").asText();
    }

    String digest() {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private ChartIndex() {}

  /** Reads {@code <chart>/Chart.yaml} out of a chart archive. */
  static Entry read(String fileName, byte[] archive) {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        String[] parts = e.getName().split("/");
        if (parts.length == 2 && parts[1].equals("Chart.yaml") && e.isFile()) {
          if (e.getSize() > MAX_CHART_YAML) {
            throw new IllegalArgumentException(fileName + ": Chart.yaml is too large");
          }
          JsonNode meta = YAML.readTree(readAll(tar));
          if (!(meta instanceof ObjectNode o)
              || !o.hasNonNull("name")
              || !o.hasNonNull("version")) {
            throw new IllegalArgumentException(fileName + ": Chart.yaml has no name or version");
          }
          return new Entry(o, fileName, archive);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(fileName + " is not a chart archive", e);
    }
    throw new IllegalArgumentException(fileName + " holds no <chart>/Chart.yaml");
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readNBytes((int) MAX_CHART_YAML);
  }

  /** The index for {@code entries}; {@code baseUrl} null gives relative urls. */
  static byte[] render(List<Entry> entries, String baseUrl) {
    Map<String, List<Entry>> byName = new TreeMap<>();
    for (Entry e : entries) {
      byName.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
    }
    ObjectNode index = JsonNodeFactory.instance.objectNode();
    index.put("apiVersion", "v1");
    ObjectNode all = index.putObject("entries");
    byName.forEach(
        (name, versions) -> {
          ArrayNode list = all.putArray(name);
          versions.stream()
              .sorted(Comparator.comparing(Entry::version, ChartIndex::compareSemver).reversed())
              .forEach(e -> list.add(entry(e, baseUrl)));
        });
    index.put("generated", CREATED);
    try {
      return YAML.writeValueAsString(sorted(index)).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode entry(Entry e, String baseUrl) {
    ObjectNode o = e.metadata().deepCopy();
    o.put("created", CREATED);
    o.put("digest", e.digest());
    o.putArray("urls").add(baseUrl == null ? e.fileName() : baseUrl + "/" + e.fileName());
    return o;
  }

  /** A copy with object keys in alphabetical order, as Helm's JSON-to-YAML writer gives them. */
  private static JsonNode sorted(JsonNode n) {
    if (n instanceof ObjectNode o) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
      names.stream().sorted().forEach(k -> out.set(k, sorted(o.get(k))));
      return out;
    }
    if (n instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      a.forEach(x -> out.add(sorted(x)));
      return out;
    }
    return n;
  }

  /** Semantic Versioning 2.0 precedence (build metadata ignored), enough for test versions. */
  static int compareSemver(String a, String b) {
    String[] pa = a.split("\\+", 2)[0].split("-", 2);
    String[] pb = b.split("\\+", 2)[0].split("-", 2);
    String[] ca = pa[0].split("\\.");
    String[] cb = pb[0].split("\\.");
    for (int i = 0; i < Math.max(ca.length, cb.length); i++) {
      int c =
          Long.compare(
              i < ca.length ? Long.parseLong(ca[i]) : 0, i < cb.length ? Long.parseLong(cb[i]) : 0);
      if (c != 0) return c;
    }
    if (pa.length == 1 || pb.length == 1) return Integer.compare(pb.length, pa.length);
    String[] xa = pa[1].split("\\.");
    String[] xb = pb[1].split("\\.");
    for (int i = 0; i < Math.min(xa.length, xb.length); i++) {
      boolean na = xa[i].matches("\\d+");
      boolean nb = xb[i].matches("\\d+");
      int c =
          na && nb
              ? Long.compare(Long.parseLong(xa[i]), Long.parseLong(xb[i]))
              : na != nb ? (na ? -1 : 1) : xa[i].compareTo(xb[i]);
      if (c != 0) return c;
    }
    return Integer.compare(xa.length, xb.length);
  }
}
