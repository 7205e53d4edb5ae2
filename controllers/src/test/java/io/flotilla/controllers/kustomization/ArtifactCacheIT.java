package io.flotilla.controllers.kustomization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactFetcher;
import io.flotilla.source.artifact.ArtifactServer;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.StoredArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kustomizations of one source revision share one extracted artifact, served over real HTTP. */
class ArtifactCacheIT {
  @TempDir Path tmp;
  ArtifactStorage storage;
  ArtifactServer server;
  Path cacheDir;

  @BeforeEach
  void start() {
    ArtifactStorage unbound = new ArtifactStorage(tmp.resolve("storage"), "http://127.0.0.1");
    server = ArtifactServer.start(unbound, "127.0.0.1", 0);
    storage = unbound.withAdvertisedBaseUrl(server.baseUrl());
    cacheDir = tmp.resolve("cache");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  StoredArtifact publish(String revision, String content) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("src-" + revision).resolve("apps"));
    Files.writeString(dir.resolve("app.yaml"), content);
    return storage.store("GitRepository", "default", "repo", revision, dir.getParent(), null);
  }

  ArtifactCache cache(int keep) {
    return new ArtifactCache(new ArtifactFetcher(1 << 20, Duration.ofSeconds(10)), cacheDir, keep);
  }

  List<Path> trees() throws Exception {
    try (Stream<Path> s = Files.list(cacheDir)) {
      return s.toList();
    }
  }

  @Test
  void concurrentReconcilesOfOneRevisionExtractItOnce() throws Exception {
    StoredArtifact a = publish("main@sha1:aaaa", "kind: ConfigMap\n");
    ArtifactCache cache = cache(4);
    List<Callable<Path>> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      tasks.add(
          () -> {
            try (ArtifactCache.Lease lease = cache.acquire(a.url(), a.digest())) {
              assertThat(lease.root().resolve("apps/app.yaml")).hasContent("kind: ConfigMap");
              return lease.root();
            }
          });
    }
    List<Path> roots = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<Path> f : pool.invokeAll(tasks)) {
        roots.add(f.get());
      }
    }
    assertThat(roots).containsOnly(roots.get(0));
    assertThat(trees()).hasSize(1);
  }

  @Test
  void oldRevisionsAreDeletedOnceNoReconcileReadsThem() throws Exception {
    StoredArtifact a = publish("main@sha1:aaaa", "a: 1\n");
    StoredArtifact b = publish("main@sha1:bbbb", "b: 2\n");
    ArtifactCache cache = cache(1);
    ArtifactCache.Lease first = cache.acquire(a.url(), a.digest());
    Path aRoot = first.root();
    try (ArtifactCache.Lease second = cache.acquire(b.url(), b.digest())) {
      assertThat(aRoot).exists(); // still leased
      first.close();
      assertThat(aRoot).doesNotExist();
      assertThat(second.root().resolve("apps/app.yaml")).hasContent("b: 2");
    }
    assertThat(trees()).hasSize(1);
  }

  @Test
  void aFailedDownloadLeavesNothingBehindAndIsRetried() throws Exception {
    StoredArtifact a = publish("main@sha1:aaaa", "a: 1\n");
    ArtifactCache cache = cache(4);
    String wrong = "sha256:" + "0".repeat(64);
    assertThatThrownBy(() -> cache.acquire(a.url(), wrong))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("computed digest doesn't match");
    assertThat(trees()).isEmpty();
    try (ArtifactCache.Lease lease = cache.acquire(a.url(), a.digest())) {
      assertThat(lease.root().resolve("apps/app.yaml")).hasContent("a: 1");
    }
  }
}
