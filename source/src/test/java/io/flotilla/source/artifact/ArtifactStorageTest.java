package io.flotilla.source.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.source.SourceException;
import io.flotilla.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStorageTest {
  private static final String REV = "main@sha1:0123456789abcdef0123456789abcdef01234567";

  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

  private ArtifactStorage storage() {
    return new ArtifactStorage(tmp.resolve("storage"), "http://source.local/", 1 << 20, clock);
  }

  private Path tree(String name) throws IOException {
    Path dir = tmp.resolve(name);
    write(dir.resolve("apps/deploy.yaml"), "kind: Deployment\n");
    write(dir.resolve("apps/svc.yaml"), "kind: Service\n");
    write(dir.resolve("README.md"), "# hi\n");
    write(dir.resolve("logo.png"), "png");
    write(dir.resolve(".git/config"), "[core]\n");
    write(dir.resolve("bin/run.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        dir.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    return dir;
  }

  @Test
  void storesAnArchiveUnderTheObjectFolderNamedAfterTheCommit() throws Exception {
    StoredArtifact a =
        storage()
            .store(
                "GitRepository", "flux-system", "podinfo", REV, tree("t"), SourceIgnore.defaults());
    assertThat(a.path())
        .isEqualTo(
            "gitrepository/flux-system/podinfo/0123456789abcdef0123456789abcdef01234567.tar.gz");
    assertThat(a.url()).isEqualTo("http://source.local/" + a.path());
    assertThat(a.revision()).isEqualTo(REV);
    assertThat(a.digest()).matches("sha256:[0-9a-f]{64}");
    assertThat(a.size()).isEqualTo(Files.size(tmp.resolve("storage").resolve(a.path())));
    assertThat(a.lastUpdateTime()).isEqualTo(clock.instant());
    assertThat(a.toApi().lastUpdateTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(storage().latest("GitRepository", "flux-system", "podinfo")).contains(a);
  }

  @Test
  void archiveIsSortedNormalisedAndWithoutExcludedFiles() throws Exception {
    StoredArtifact a =
        storage().store("gitrepository", "ns", "n", REV, tree("t"), SourceIgnore.defaults());
    Map<String, TarArchiveEntry> entries = entries(tmp.resolve("storage").resolve(a.path()));
    assertThat(entries.keySet())
        .containsExactly(
            "README.md", "apps/", "apps/deploy.yaml", "apps/svc.yaml", "bin/", "bin/run.sh");
    for (TarArchiveEntry e : entries.values()) {
      assertThat(e.getModTime().getTime()).isZero();
      assertThat(e.getLongUserId()).isZero();
      assertThat(e.getUserName()).isEmpty();
    }
    assertThat(entries.get("apps/").getMode() & 07777).isEqualTo(0755);
    assertThat(entries.get("apps/deploy.yaml").getMode() & 07777).isEqualTo(0644);
    assertThat(entries.get("bin/run.sh").getMode() & 07777).isEqualTo(0755);
  }

  @Test
  void sameTreeGivesTheSameDigestWhateverTheTimestamps() throws Exception {
    Path one = tree("one");
    Path two = tree("two");
    Files.setLastModifiedTime(
        two.resolve("apps/deploy.yaml"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    StoredArtifact a =
        storage().store("gitrepository", "ns", "a", REV, one, SourceIgnore.defaults());
    StoredArtifact b =
        storage().store("gitrepository", "ns", "b", REV, two, SourceIgnore.defaults());
    assertThat(b.digest()).isEqualTo(a.digest());
    assertThat(b.size()).isEqualTo(a.size());

    write(two.resolve("apps/deploy.yaml"), "kind: Deployment\nspec: {}\n");
    StoredArtifact c =
        storage().store("gitrepository", "ns", "b", REV, two, SourceIgnore.defaults());
    assertThat(c.digest()).isNotEqualTo(a.digest());
  }

  @Test
  void symlinksInsideTheTreeAreFollowedAndOneOutsideIsRefusedNamingIt() throws Exception {
    Path dir = tree("t");
    write(tmp.resolve("outside/secret.txt"), "password");
    Files.createSymbolicLink(dir.resolve("apps/leak.yaml"), tmp.resolve("outside/secret.txt"));
    Files.createSymbolicLink(dir.resolve("alias.yaml"), dir.resolve("apps/svc.yaml"));
    Files.createSymbolicLink(dir.resolve("apps/loop"), dir.resolve("apps"));
    assertThatThrownBy(
            () -> storage().store("gitrepository", "ns", "n", REV, dir, SourceIgnore.defaults()))
        .isInstanceOf(SourceException.class)
        .hasMessage(
            "failed to archive gitrepository/ns/n: symlink 'apps/leak.yaml' points outside the"
                + " source tree (to '"
                + tmp.resolve("outside/secret.txt")
                + "'): links must resolve inside the repository; remove the link or exclude it"
                + " with spec.ignore or .sourceignore");

    // a link that would dangle outside is refused too; an ignored one is left out quietly
    Files.delete(dir.resolve("apps/leak.yaml"));
    Files.createSymbolicLink(dir.resolve("nowhere.yaml"), Path.of("../../nowhere.yaml"));
    assertThatThrownBy(
            () -> storage().store("gitrepository", "ns", "n", REV, dir, SourceIgnore.defaults()))
        .hasMessageContaining("symlink 'nowhere.yaml' points outside the source tree");
    StoredArtifact a =
        storage().store("gitrepository", "ns", "n", REV, dir, SourceIgnore.of("/nowhere.yaml\n"));
    Map<String, TarArchiveEntry> entries = entries(tmp.resolve("storage").resolve(a.path()));
    assertThat(entries).containsKey("alias.yaml").doesNotContainKey("nowhere.yaml");
    assertThat(entries.keySet()).noneMatch(n -> n.startsWith("apps/loop/apps"));
    assertThat(entries.get("alias.yaml").isFile()).isTrue();
  }

  @Test
  void specIgnoreIsApplied() throws Exception {
    StoredArtifact a =
        storage()
            .store("gitrepository", "ns", "n", REV, tree("t"), SourceIgnore.of("/*\n!/apps/\n"));
    assertThat(entries(tmp.resolve("storage").resolve(a.path())).keySet())
        .containsExactly("apps/", "apps/deploy.yaml", "apps/svc.yaml");
  }

  @Test
  void archivesOverTheLimitAreRefused() throws Exception {
    Path dir = tmp.resolve("big");
    byte[] noise = new byte[64 * 1024];
    new java.util.Random(1).nextBytes(noise);
    Files.createDirectories(dir);
    Files.write(dir.resolve("noise.bin"), noise);
    ArtifactStorage small = storage().withMaxArtifactBytes(16 * 1024);
    assertThatThrownBy(
            () -> small.store("gitrepository", "ns", "n", REV, dir, SourceIgnore.defaults()))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("size limit of 16384 bytes")
        .extracting(e -> ((SourceException) e).reason())
        .isEqualTo("StorageOperationFailed");
    try (var files = Files.list(tmp.resolve("storage/gitrepository/ns/n"))) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void objectNamesThatCouldEscapeTheRootAreRefused() {
    assertThatThrownBy(
            () -> storage().store("gitrepository", "..", "n", REV, tmp, SourceIgnore.defaults()))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("invalid artifact namespace '..'");
    assertThatThrownBy(
            () -> storage().store("gitrepository", "ns", "a/b", REV, tmp, SourceIgnore.defaults()))
        .hasMessageContaining("invalid artifact name 'a/b'");
  }

  @Test
  void garbageCollectionKeepsTheNewestArtifacts() throws Exception {
    ArtifactStorage s = storage();
    Path dir = tree("t");
    List<StoredArtifact> stored = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      write(dir.resolve("apps/n.yaml"), "n: " + i + "\n");
      stored.add(
          s.store(
              "gitrepository",
              "ns",
              "n",
              "main@sha1:" + "abcdef0".repeat(5) + i + "00000",
              dir,
              SourceIgnore.defaults()));
      clock.advance(Duration.ofSeconds(10));
    }
    List<String> deleted = s.garbageCollect("gitrepository", "ns", "n", 2);
    assertThat(deleted).containsExactlyInAnyOrder(stored.get(0).path(), stored.get(1).path());
    assertThat(s.list("gitrepository", "ns", "n")).containsExactly(stored.get(3), stored.get(2));
    assertThat(s.latest("gitrepository", "ns", "n")).contains(stored.get(3));
  }

  @Test
  void localFileOnlyResolvesStoredArchives() throws Exception {
    ArtifactStorage s = storage();
    StoredArtifact a = s.store("gitrepository", "ns", "n", REV, tree("t"), SourceIgnore.defaults());
    assertThat(s.localFile(a.path())).isPresent();
    assertThat(s.localFile("../storage/" + a.path())).isEmpty();
    assertThat(s.localFile("/etc/passwd")).isEmpty();
    assertThat(s.localFile(a.path() + ".meta")).isEmpty();
    assertThat(s.localFile("gitrepository/ns/n/..%2F..")).isEmpty();
  }

  @Test
  void removeDeletesTheObjectFolder() throws Exception {
    ArtifactStorage s = storage();
    s.store("gitrepository", "ns", "n", REV, tree("t"), SourceIgnore.defaults());
    s.remove("gitrepository", "ns", "n");
    assertThat(s.latest("gitrepository", "ns", "n")).isEmpty();
    assertThat(tmp.resolve("storage/gitrepository/ns/n")).doesNotExist();
  }

  static Map<String, TarArchiveEntry> entries(Path archive) throws IOException {
    Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        tar.transferTo(new ByteArrayOutputStream());
        out.put(e.getName(), e);
      }
    }
    return out;
  }

  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
