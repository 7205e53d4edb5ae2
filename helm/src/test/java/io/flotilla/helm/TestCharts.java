package io.flotilla.helm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Small charts written by tests: files by chart-relative path, packed as {@code helm package} does.
 */
final class TestCharts {
  private TestCharts() {}

  /** {@code files} under top directory {@code top}, as a .tgz in {@code dir}. */
  static Path tgz(Path dir, String top, Map<String, String> files) throws IOException {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((k, v) -> bytes.put(top + "/" + k, v.getBytes(StandardCharsets.UTF_8)));
    return raw(dir.resolve(top + "-" + System.nanoTime() + ".tgz"), bytes);
  }

  /** Entries exactly as given (for hostile archives). */
  static Path raw(Path file, Map<String, byte[]> entries) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  /** The same files unpacked as a chart directory (for helm-java, which takes a path). */
  static Path dir(Path parent, String top, Map<String, String> files) throws IOException {
    Path root = parent.resolve(top);
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    return root;
  }

  /** A chart with one ConfigMap, one pre-install hook, NOTES, values. */
  static Map<String, String> demo(String version, String appVersion) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "Chart.yaml",
        "apiVersion: v2\nname: demo\nversion: "
            + version
            + "\nappVersion: \""
            + appVersion
            + "\"\n");
    f.put("values.yaml", "greeting: hi\n");
    f.put(
        "templates/cm.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-cm
        data:
          greeting: {{ .Values.greeting | quote }}
          version: {{ .Chart.Version | quote }}
        """);
    f.put("templates/NOTES.txt", "Hello {{ .Release.Name }}\n");
    return f;
  }
}
