package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.kube.store.WriteAheadLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's file format on a real file system: order, a torn tail, corruption, compaction. */
class WriteAheadLogIT {
  @TempDir Path dir;

  private static WriteAheadLog.Entry entry(long rv, boolean deleted, String name) {
    String json = "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"}}";
    return new WriteAheadLog.Entry(
        rv, deleted, "/configmaps", json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> described(List<WriteAheadLog.Entry> entries) {
    return entries.stream()
        .map(
            e ->
                e.rv()
                    + (e.deleted() ? " - " : " + ")
                    + e.storageKey()
                    + " "
                    + new String(e.json(), StandardCharsets.UTF_8))
        .toList();
  }

  private List<Path> segments() throws Exception {
    return segmentsOf(dir);
  }

  /** A log in {@code dir} holding the creations of {@code a} (rv 1) and {@code b} (rv 2). */
  private WriteAheadLog openWithTwo() {
    WriteAheadLog log = WriteAheadLog.open(dir, 0);
    log.append(entry(1, false, "a"));
    log.append(entry(2, false, "b"));
    return log;
  }

  @Test
  void changesAreReadBackInCommitOrderAcrossSegments() throws Exception {
    WriteAheadLog log = openWithTwo();
    log.syncAll();
    long closed = log.rotate();
    log.append(entry(3, true, "a"));
    log.close();

    WriteAheadLog.Recovered read = WriteAheadLog.read(dir);
    assertThat(closed).isEqualTo(1);
    assertThat(read.lastSegment()).isEqualTo(2);
    assertThat(described(read.entries()))
        .containsExactly(
            "1 + /configmaps {\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"}}",
            "2 + /configmaps {\"metadata\":{\"name\":\"b\",\"namespace\":\"default\"}}",
            "3 - /configmaps {\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"}}");
    // the log holds every Secret of the cluster
    for (Path p : segments()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aRecordTheCrashCutShortAtTheEndIsDroppedAndTheRestKept() throws Exception {
    WriteAheadLog log = openWithTwo();
    log.close();
    Path segment = segments().get(0);
    long whole = Files.size(segment);
    // the next record's header and half its body made it to disk, the rest did not
    WriteAheadLog more = WriteAheadLog.open(dir.resolve("other"), 0);
    more.append(entry(3, false, "c"));
    more.close();
    byte[] next = Files.readAllBytes(segmentsOf(dir.resolve("other")).get(0));
    byte[] record = java.util.Arrays.copyOfRange(next, 8, next.length);
    Files.write(
        segment, java.util.Arrays.copyOf(record, record.length / 2), StandardOpenOption.APPEND);
    assertThat(Files.size(segment)).isGreaterThan(whole);

    assertThat(rvs(dir)).containsExactly(1L, 2L);

    // a whole record whose checksum fails at the end is the same: an unfinished write
    Files.write(segment, java.util.Arrays.copyOf(Files.readAllBytes(segment), (int) whole));
    record[record.length - 2] ^= 0x20;
    Files.write(segment, record, StandardOpenOption.APPEND);
    assertThat(rvs(dir)).containsExactly(1L, 2L);
  }

  @Test
  void corruptionBeforeTheLastSegmentEndsIsRefusedWithHowToRecover() throws Exception {
    WriteAheadLog log = openWithTwo();
    log.rotate();
    log.append(entry(3, false, "c"));
    log.close();
    Path first = segments().get(0);
    byte[] bytes = Files.readAllBytes(first);
    bytes[bytes.length - 3] ^= 0x01;
    Files.write(first, bytes);

    assertThatThrownBy(() -> WriteAheadLog.read(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(first.toString())
        .hasMessageContaining("fails its checksum")
        .hasMessageContaining("Refusing to start")
        .hasMessageContaining("move " + dir + " aside");
  }

  /** A writer thread that is interrupted (a watch closing, a stop) must not break the log. */
  @Test
  void anInterruptedWriterLeavesTheLogUsable() throws Exception {
    WriteAheadLog log = WriteAheadLog.open(dir, 0);
    log.append(entry(1, false, "a"));
    Thread.currentThread().interrupt();
    try {
      log.syncAll();
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt is left for the caller").isTrue();
    }
    log.append(entry(2, false, "b"));
    log.syncAll();
    log.close();
    assertThat(rvs(dir)).containsExactly(1L, 2L);
  }

  @Test
  void compactionDropsTheSegmentsASnapshotCovers() throws Exception {
    WriteAheadLog log = WriteAheadLog.open(dir, 0);
    log.append(entry(1, false, "a"));
    long covered = log.rotate();
    log.append(entry(2, false, "b"));
    log.syncAll();
    log.compact(covered);
    assertThat(segments())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("00000000000000000002.log");
    assertThat(rvs(dir)).containsExactly(2L);
    log.close();
  }

  private static List<Path> segmentsOf(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }

  /**
   * A full disk: the sync fails and says why, the changes stay queued in order, and once there is
   * room again the next sync writes them all, so the log has no gap.
   */
  @Test
  void aFullDiskFailsTheSyncAndLosesNothingOnceThereIsRoomAgain() throws Exception {
    Path mount = dir.resolve("small");
    Files.createDirectories(mount);
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        p.waitFor() == 0, "cannot mount a small tmpfs (needs root): " + out.strip());
    try {
      WriteAheadLog log = WriteAheadLog.open(mount.resolve("wal"), 0);
      log.append(entry(1, false, "before"));
      log.syncAll();
      Path filler = mount.resolve("filler");
      try (var o = Files.newOutputStream(filler)) {
        byte[] block = new byte[4096];
        while (true) {
          o.write(block);
        }
      } catch (java.io.IOException full) {
        // the disk is full
      }
      String big = "x".repeat(64 * 1024);
      log.append(
          new WriteAheadLog.Entry(
              2,
              false,
              "/configmaps",
              ("{\"big\":\"" + big + "\"}").getBytes(StandardCharsets.UTF_8)));
      log.append(entry(3, false, "after"));
      assertThatThrownBy(log::syncAll).hasMessageContaining("No space left on device");
      assertThatThrownBy(log::syncAll).hasMessageContaining("No space left on device");

      Files.delete(filler);
      log.syncAll();
      log.close();
      assertThat(rvs(mount.resolve("wal"))).containsExactly(1L, 2L, 3L);
    } finally {
      new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
    }
  }

  /** The resourceVersions of the changes recovery reads from {@code dir}, in order. */
  private static List<Long> rvs(Path dir) {
    return WriteAheadLog.read(dir).entries().stream().map(WriteAheadLog.Entry::rv).toList();
  }
}
