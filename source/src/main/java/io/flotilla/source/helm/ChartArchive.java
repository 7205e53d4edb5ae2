package io.flotilla.source.helm;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Chart archives ({@code .tgz}, every file under one top directory): reading with Helm's loader
 * rules (no absolute paths, no {@code ..}, nothing outside the base directory) and bounds on files
 * and bytes, and writing.
 */
final class ChartArchive {
  private ChartArchive() {}

  /** Limits for one chart: total uncompressed bytes and number of files. */
  record Limits(long maxBytes, int maxFiles) {
    static Limits defaults() {
      return new Limits(100L << 20, 10_000);
    }
  }

  /**
   * The files of a chart archive by path below the top directory (e.g. {@code Chart.yaml}, {@code
   * templates/a.yaml}).
   *
   * @throws IOException with Helm's wording plus a fix when a path escapes the chart, and when the
   *     archive exceeds the limits
   */
  static SortedMap<String, byte[]> read(Path tgz, Limits limits) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(tgz))) {
      return read(raw, limits);
    }
  }

  static SortedMap<String, byte[]> read(InputStream raw, Limits limits) throws IOException {
    SortedMap<String, byte[]> files = new java.util.TreeMap<>();
    String top = null;
    long total = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName().replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
          throw escape("chart illegally contains absolute paths", name);
        }
        for (String seg : name.split("/")) {
          if (seg.equals("..")) {
            throw escape("chart illegally references parent directory", name);
          }
        }
        if (!e.isFile()) {
          continue; // directories, links and devices carry no chart content
        }
        int slash = name.indexOf('/');
        if (slash <= 0) {
          throw escape("chart illegally contains content outside the base directory", name);
        }
        String dir = name.substring(0, slash);
        if (top == null) {
          top = dir;
        } else if (!top.equals(dir)) {
          throw escape("chart illegally contains content outside the base directory", name);
        }
        if (files.size() >= limits.maxFiles()) {
          throw new IOException(
              "chart archive has more than %d files".formatted(limits.maxFiles()));
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[16 * 1024];
        int n;
        while ((n = tar.read(b)) > 0) {
          total += n;
          if (total > limits.maxBytes()) {
            throw new IOException(
                "chart archive exceeds the maximum chart size of %d bytes (uncompressed)"
                    .formatted(limits.maxBytes()));
          }
          buf.write(b, 0, n);
        }
        files.put(name.substring(slash + 1), buf.toByteArray());
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException("not a chart archive (gzip): " + e.getMessage());
    }
    if (!files.containsKey("Chart.yaml")) {
      throw new IOException("Chart.yaml file is missing");
    }
    return files;
  }

  private static IOException escape(String helmWording, String path) {
    return new IOException(
        "%s: '%s'; the archive is refused, a chart's files must all be inside its top directory"
            .formatted(helmWording, path));
  }

  /** The metadata of a chart archive. */
  static ChartMetadata metadata(Path tgz, Limits limits) throws IOException {
    return metadata(read(tgz, limits), tgz.getFileName().toString());
  }

  static ChartMetadata metadata(Map<String, byte[]> files, String where) throws IOException {
    return ChartMetadata.parse(
        new String(files.get("Chart.yaml"), StandardCharsets.UTF_8), where + "/Chart.yaml");
  }

  /**
   * Writes {@code files} as {@code <top>/<path>} entries of a gzip'd tar, as {@code helm package}.
   */
  static void write(String top, Map<String, byte[]> files, Path out) throws IOException {
    try (OutputStream os = Files.newOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(os))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(top + "/" + f.getKey());
        e.setSize(f.getValue().length);
        e.setMode(0644);
        e.setModTime(0);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }
}
