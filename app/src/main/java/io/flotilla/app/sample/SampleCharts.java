package io.flotilla.app.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.flotilla.source.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The Helm chart repository `flotilla up` serves next to the sample repository, so that the
 * sample's HelmRelease installs without downloading anything: charts bundled in the app's
 * resources, packaged at start into archives that are the same bytes every time (sorted entries,
 * fixed times, no gzip timestamp), with an {@code index.yaml} Helm and Flux read.
 */
public final class SampleCharts {
  /** Each bundled chart and its files (resource folders cannot be listed inside a jar). */
  static final Map<String, List<String>> CHARTS =
      Map.of(
          "hello",
          List.of(
              "Chart.yaml",
              "values.yaml",
              "values.schema.json",
              "templates/_helpers.tpl",
              "templates/configmap.yaml",
              "templates/deployment.yaml",
              "templates/service.yaml",
              "templates/NOTES.txt"));

  /** When the archives and the index say they were made: fixed, so the index never changes. */
  static final String CREATED = "2025-01-01T00:00:00Z";

  private static final YAMLMapper YAML = new YAMLMapper();

  /** One packaged chart: its Chart.yaml and archive. */
  record Archive(JsonNode chart, byte[] bytes) {
    String fileName() {
      return chart.path("name").asText() + "-" + chart.path("version").asText() + ".tgz";
    }

    String digest() {
      return Sha256.hex(bytes);
    }
  }

  private final Map<String, Archive> archives;

  private SampleCharts(Map<String, Archive> archives) {
    this.archives = archives;
  }

  /** Packages the bundled charts. */
  public static SampleCharts bundled() {
    Map<String, Archive> out = new LinkedHashMap<>();
    for (var chart : CHARTS.entrySet()) {
      Archive a = pack(chart.getKey(), chart.getValue());
      out.put(a.fileName(), a);
    }
    return new SampleCharts(out);
  }

  static Archive pack(String name, List<String> files) {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      JsonNode chart = null;
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (String file : files.stream().sorted().toList()) {
          byte[] content = resource(name + "/" + file);
          if (file.equals("Chart.yaml")) chart = YAML.readTree(content);
          TarArchiveEntry e = new TarArchiveEntry(name + "/" + file);
          e.setSize(content.length);
          e.setMode(0644);
          e.setModTime(java.time.Instant.parse(CREATED).toEpochMilli());
          tar.putArchiveEntry(e);
          tar.write(content);
          tar.closeArchiveEntry();
        }
      }
      if (chart == null) throw new IllegalStateException("chart " + name + " has no Chart.yaml");
      return new Archive(chart, buf.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot package the sample chart " + name, e);
    }
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = SampleCharts.class.getResourceAsStream("charts/" + path)) {
      if (in == null) throw new IOException("sample chart file charts/" + path + " is missing");
      return in.readAllBytes();
    }
  }

  /** The {@code index.yaml} for a repository at {@code repoUrl}. */
  public byte[] index(String repoUrl) {
    ObjectNode index = JsonNodeFactory.instance.objectNode();
    index.put("apiVersion", "v1");
    ObjectNode entries = index.putObject("entries");
    for (Archive a : archives.values()) {
      ObjectNode e = (ObjectNode) a.chart().deepCopy();
      e.put("created", CREATED);
      e.put("digest", a.digest());
      e.putArray("urls").add(repoUrl + "/" + a.fileName());
      entries.withArray(a.chart().path("name").asText()).add(e);
    }
    index.put("generated", CREATED);
    try {
      return YAML.writeValueAsBytes(index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves {@code <repoUrl>/index.yaml} and the archives; the handler's context is the path. */
  public HttpHandler handler(String repoUrl) {
    byte[] index = index(repoUrl);
    return ex -> {
      try (ex) {
        String path = ex.getRequestURI().getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        Archive a = archives.get(file);
        if (!ex.getRequestMethod().equals("GET")) {
          send(ex, 405, "text/plain", "read-only\n".getBytes(StandardCharsets.UTF_8));
        } else if (file.equals("index.yaml")) {
          send(ex, 200, "application/x-yaml", index);
        } else if (a != null) {
          send(ex, 200, "application/gzip", a.bytes());
        } else {
          send(ex, 404, "text/plain", "no such chart archive\n".getBytes(StandardCharsets.UTF_8));
        }
      }
    };
  }

  /** The archive named {@code fileName}, e.g. {@code hello-1.0.0.tgz}, or null. */
  public byte[] archive(String fileName) {
    Archive a = archives.get(fileName);
    return a == null ? null : a.bytes();
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }
}
