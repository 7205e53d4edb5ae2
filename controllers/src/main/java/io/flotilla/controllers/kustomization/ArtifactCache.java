package io.flotilla.controllers.kustomization;

import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactFetcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracted artifacts shared by every Kustomization of the same source revision. Flux downloads and
 * untars the artifact once per reconcile; with a thousand Kustomizations on one source that is a
 * thousand identical trees written to disk, which dominated the benchmark. Here an artifact is
 * fetched, verified and extracted once per digest and read (kustomize only reads) by all reconciles
 * holding a lease; the least recently used trees beyond {@code keep} are deleted once no lease
 * holds them.
 */
final class ArtifactCache {
  private final ArtifactFetcher fetcher;
  private final Path dir;
  private final int keep;
  private final Map<String, Entry> entries = new HashMap<>();
  private long clock;

  private static final class Entry {
    final String digest;
    Path root; // set, under the entry's lock, once extracted
    int leases;
    long lastUsed;

    Entry(String digest) {
      this.digest = digest;
    }
  }

  /** A read-only extracted artifact; close it when done reading. */
  final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    Path root() {
      return entry.root;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(entry);
      }
    }
  }

  ArtifactCache(ArtifactFetcher fetcher, Path dir, int keep) {
    this.fetcher = fetcher;
    this.dir = dir;
    this.keep = keep;
    TempDirs.deleteQuietly(dir); // trees of an earlier process: never leased again
  }

  /** The artifact with this digest, extracted; downloads it from {@code url} the first time. */
  Lease acquire(String url, String digest) throws SourceException, IOException {
    Entry entry;
    synchronized (entries) {
      entry = entries.computeIfAbsent(digest, Entry::new);
      entry.leases++;
      entry.lastUsed = ++clock;
    }
    boolean ok = false;
    try {
      synchronized (entry) { // one download per digest; the others wait for it
        if (entry.root == null) {
          Path tmp = TempDirs.create(dir, "artifact-");
          try {
            fetcher.fetchAndExtract(url, digest, tmp);
          } catch (SourceException | RuntimeException e) {
            TempDirs.deleteQuietly(tmp);
            throw e;
          }
          entry.root = tmp;
        }
      }
      ok = true;
      return new Lease(entry);
    } finally {
      if (!ok) {
        release(entry);
      }
    }
  }

  private void release(Entry entry) {
    List<Path> evicted = new ArrayList<>();
    synchronized (entries) {
      entry.leases--;
      if (entries.size() > keep) {
        List<Entry> idle =
            entries.values().stream()
                .filter(e -> e.leases == 0)
                .sorted(Comparator.comparingLong(e -> e.lastUsed))
                .toList();
        for (Entry e : idle) {
          if (entries.size() <= keep) {
            break;
          }
          entries.remove(e.digest);
          if (e.root != null) {
            evicted.add(e.root);
          }
        }
      }
    }
    evicted.forEach(TempDirs::deleteQuietly);
  }
}
