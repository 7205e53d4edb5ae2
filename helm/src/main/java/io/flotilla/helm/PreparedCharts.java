package io.flotilla.helm;

import io.flotilla.kustomize.helm.ChartTemplate;
import io.flotilla.kustomize.helm.HelmException;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.stream.Stream;

/**
 * Each loaded chart written out once, as Helm's renderer reads it ({@link ChartTemplate#prepare}),
 * for every release rendered from it: a thousand releases of one chart wrote and deleted a thousand
 * copies. A copy lives as long as its {@link LoadedChart} (the controllers keep one per chart
 * digest) and is deleted when the chart is collected; a render holds the chart, so its copy never
 * goes while in use.
 */
final class PreparedCharts {
  private static final Cleaner CLEANER = Cleaner.create();

  /** Keyed by identity in effect: a chart's files are byte arrays, which compare by identity. */
  private static final Map<LoadedChart, Path> WITH_SCHEMAS = new WeakHashMap<>();

  private static final Map<LoadedChart, Path> WITHOUT_SCHEMAS = new WeakHashMap<>();

  private PreparedCharts() {}

  /**
   * The chart's prepared directory, written on first use.
   *
   * @param withSchemas false: without its {@code values.schema.json} files (schema validation off)
   */
  static Path of(LoadedChart chart, boolean withSchemas) throws IOException, HelmException {
    Map<LoadedChart, Path> cache = withSchemas ? WITH_SCHEMAS : WITHOUT_SCHEMAS;
    synchronized (cache) {
      Path dir = cache.get(chart);
      if (dir != null && Files.isDirectory(dir)) {
        return dir;
      }
      Path base = Files.createTempDirectory("flotilla-chart-");
      try {
        Path raw = base.resolve("raw").resolve(chart.name());
        chart.writeTo(raw);
        if (!withSchemas) {
          removeSchemas(raw);
        }
        dir = ChartTemplate.prepare(raw, base.resolve("prepared").resolve(chart.name()));
        ChartRenderer.deleteTree(base.resolve("raw"));
      } catch (IOException | HelmException | RuntimeException e) {
        ChartRenderer.deleteTree(base);
        throw e;
      }
      cache.put(chart, dir);
      CLEANER.register(chart, () -> ChartRenderer.deleteTree(base));
      return dir;
    }
  }

  private static void removeSchemas(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p :
          walk.filter(p -> p.getFileName().toString().equals("values.schema.json")).toList()) {
        Files.delete(p);
      }
    }
  }
}
