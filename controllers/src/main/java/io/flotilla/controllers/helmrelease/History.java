package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.api.flux.helm.HelmReleaseStatus.TestHookStatus;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code status.history}: snapshots of the releases this HelmRelease made, newest first, as
 * helm-controller keeps them (Flux's Snapshots: Latest, Previous, Truncate, and what an action was
 * observed to write to storage).
 */
final class History {
  static final String API_VERSION = "v2";
  static final int DEFAULT_MAX = 5;
  private static final String DEPLOYED = "deployed";
  private static final String SUPERSEDED = "superseded";
  static final String TEST_FAILED = "Failed";

  private final List<Snapshot> list;

  History(List<Snapshot> snapshots) {
    this.list = new ArrayList<>(snapshots == null ? List.of() : snapshots);
    sort();
  }

  List<Snapshot> toList() {
    return List.copyOf(list);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  Snapshot latest() {
    return list.isEmpty() ? null : list.get(0);
  }

  /** The newest deployed or superseded snapshot below the latest (test failures skipped). */
  Snapshot previous(boolean ignoreTests) {
    for (int i = 1; i < list.size(); i++) {
      Snapshot s = list.get(i);
      if (usable(s, ignoreTests)) {
        return s;
      }
    }
    return null;
  }

  /** Drops what is older than the previous deployed snapshot; else keeps the newest five. */
  void truncate(boolean ignoreTests) {
    for (int i = 1; i < list.size(); i++) {
      if (usable(list.get(i), ignoreTests)) {
        list.subList(i + 1, list.size()).clear();
        return;
      }
    }
    if (list.size() > DEFAULT_MAX) {
      list.subList(DEFAULT_MAX, list.size()).clear();
    }
  }

  void clear() {
    list.clear();
  }

  private static boolean usable(Snapshot s, boolean ignoreTests) {
    return (DEPLOYED.equals(s.status()) || SUPERSEDED.equals(s.status()))
        && (ignoreTests || !hasTestInPhase(s, TEST_FAILED));
  }

  static boolean tested(Snapshot s) {
    return s != null && s.testHooks() != null;
  }

  static boolean hasTestInPhase(Snapshot s, String phase) {
    return s != null
        && s.testHooks() != null
        && s.testHooks().values().stream().anyMatch(h -> phase.equals(h.phase()));
  }

  static boolean targets(Snapshot s, Release r) {
    return s != null
        && Objects.equals(s.name(), r.name())
        && Objects.equals(s.namespace(), r.namespace())
        && s.version() != null
        && s.version() == r.version();
  }

  /** {@code <namespace>/<name>.v<version>}. */
  static String fullName(Snapshot s) {
    return s == null ? "" : s.namespace() + "/" + s.name() + ".v" + s.version();
  }

  /** {@code <chart>@<version>}. */
  static String chart(Snapshot s) {
    return s == null ? "" : s.chartName() + "@" + s.chartVersion();
  }

  /**
   * Records what storage now holds after an action: new revisions (above {@code before}) are
   * prepended, revisions already in the history are refreshed (e.g. superseded), keeping the test
   * results and OCI digest observed for them. {@code ociDigest} goes on new snapshots.
   */
  void observe(List<Release> stored, int before, String ociDigest) {
    for (Release r : stored) {
      int at = indexOf(r);
      if (at >= 0) {
        Snapshot old = list.get(at);
        list.set(at, snapshot(r, old.ociDigest(), old.testHooks()));
      } else if (r.version() > before) {
        list.add(snapshot(r, emptyToNull(ociDigest), null));
      }
    }
    sort();
  }

  /** Replaces the snapshot of {@code r}'s revision with the test results stored on it. */
  void recordTest(Release r) {
    int at = indexOf(r);
    if (at >= 0) {
      list.set(at, snapshot(r, list.get(at).ociDigest(), testHooks(r)));
    }
  }

  /** The release of {@code snap} was uninstalled without keeping its storage. */
  void markUninstalled(Snapshot snap) {
    for (int i = 0; i < list.size(); i++) {
      Snapshot s = list.get(i);
      if (s.version() != null && s.version().equals(snap.version())) {
        list.set(
            i,
            new Snapshot(
                s.apiVersion(),
                s.digest(),
                s.version(),
                ReleaseStatus.UNINSTALLED.helm(),
                s.name(),
                s.namespace(),
                s.chartName(),
                s.chartVersion(),
                s.appVersion(),
                s.configDigest(),
                s.firstDeployed(),
                s.lastDeployed(),
                s.deleted(),
                s.ociDigest(),
                s.action(),
                s.testHooks()));
      }
    }
  }

  /** Adopts a release found in storage as the only snapshot (Flux's legacy adoption shape). */
  void replaceAll(Release r) {
    list.clear();
    list.add(snapshot(r, null, null));
  }

  private int indexOf(Release r) {
    for (int i = 0; i < list.size(); i++) {
      if (targets(list.get(i), r)) {
        return i;
      }
    }
    return -1;
  }

  private void sort() {
    list.sort(
        Comparator.comparingLong((Snapshot s) -> s.version() == null ? 0 : s.version()).reversed());
  }

  static Snapshot snapshot(Release r, String ociDigest, Map<String, TestHookStatus> testHooks) {
    return new Snapshot(
        API_VERSION,
        Digests.of(r),
        (long) r.version(),
        r.status().helm(),
        r.name(),
        r.namespace(),
        r.chartName(),
        r.chartVersion(),
        emptyToNull(r.appVersion()),
        Digests.values(r.config()),
        time(r.firstDeployed()),
        time(r.lastDeployed()),
        time(r.deleted()),
        ociDigest,
        null,
        testHooks);
  }

  /** The test hooks of a release as Flux records them; an empty map means tested, no hooks. */
  static Map<String, TestHookStatus> testHooks(Release r) {
    Map<String, TestHookStatus> out = new LinkedHashMap<>();
    if (r.hooks() != null) {
      for (Release.Hook h : r.hooks()) {
        if (h.events() != null && h.events().contains("test")) {
          out.put(
              h.name(),
              new TestHookStatus(
                  time(h.lastRunStarted()), time(h.lastRunCompleted()), h.lastRunPhase()));
        }
      }
    }
    return out;
  }

  private static String time(Instant t) {
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
