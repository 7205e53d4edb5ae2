package io.flotilla.controllers.helmchart;

import io.flotilla.source.helm.ChartIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few parsed indexes most recently used, by artifact digest (a 50 MiB index is parsed once).
 */
final class IndexCache {
  private final Map<String, ChartIndex> map;

  IndexCache(int size) {
    this.map =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, ChartIndex> e) {
                return size() > size;
              }
            });
  }

  ChartIndex get(String digest, Path file) throws IOException {
    ChartIndex i = map.get(digest);
    if (i == null) {
      i = ChartIndex.read(file);
      map.put(digest, i);
    }
    return i;
  }
}
