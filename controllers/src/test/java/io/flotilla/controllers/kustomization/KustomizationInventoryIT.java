package io.flotilla.controllers.kustomization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.ResourceInventory;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.ConfigMaps;
import io.flotilla.controllers.GitSources;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.ReconcileRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prune trusts the inventory, so a watcher must never see Ready=True with an inventory that lacks
 * what the applied revision holds: not on the first apply, not while new revisions and requested
 * reconciles arrive for many Kustomizations at once.
 */
class KustomizationInventoryIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final int KUSTOMIZATIONS = 8;

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withQuickRetries();

  static GitFixture repo;

  /** Per revision (the full {@code main@sha1:…}), per path: the inventory ids it must list. */
  static final Map<String, Map<String, Set<String>>> expected = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    repo = cluster.git("repo");
  }

  /** Writes {@code objects} ConfigMaps per path and commits; returns the Flux revision. */
  private static String commit(int objects) {
    Map<String, String> files = new LinkedHashMap<>();
    Map<String, Set<String>> ids = new LinkedHashMap<>();
    for (int k = 0; k < KUSTOMIZATIONS; k++) {
      Set<String> set = new TreeSet<>();
      for (int i = 0; i < objects; i++) {
        String name = "inv-" + k + "-" + i;
        files.put("app" + k + "/cm" + i + ".yaml", ConfigMaps.yaml(name));
        set.add("default_" + name + "__ConfigMap");
      }
      ids.put("./app" + k, set);
    }
    repo.write(files);
    String revision = "main@sha1:" + repo.commit(objects + " objects");
    expected.put(revision, ids);
    return revision;
  }

  private static Condition ready(Kustomization ks) {
    if (ks.getStatus() == null || ks.getStatus().conditions() == null) {
      return null;
    }
    return ks.getStatus().conditions().stream()
        .filter(c -> c.type().equals("Ready"))
        .findFirst()
        .orElse(null);
  }

  /** A description of the event when it breaks the rule, else null. */
  private static String violation(Kustomization ks) {
    Condition ready = ready(ks);
    if (ready == null || !"True".equals(ready.status())) {
      return null;
    }
    String revision = ready.message().replaceFirst("^Applied revision: ", "");
    Map<String, Set<String>> byPath = expected.get(revision);
    if (byPath == null) {
      return "Ready=True for an unknown revision: " + ready.message();
    }
    Set<String> want = byPath.get(ks.getSpec().path());
    ResourceInventory inv = ks.getStatus().inventory();
    Set<String> have = new TreeSet<>();
    if (inv != null && inv.entries() != null) {
      inv.entries().forEach(e -> have.add(e.id()));
    }
    if (have.containsAll(want)) {
      return null;
    }
    return ks.getMetadata().getName()
        + " rv "
        + ks.getMetadata().getResourceVersion()
        + ": Ready=True ("
        + ready.message()
        + ") but inventory "
        + have
        + " lacks "
        + want;
  }

  /**
   * Revisions here only add objects, so an id once listed must stay listed: a write from a stale
   * copy of the status would drop it, and prune would then miss it.
   */
  private static String regression(Kustomization ks, Map<String, Set<String>> seen) {
    Set<String> have = new TreeSet<>();
    if (ks.getStatus() != null
        && ks.getStatus().inventory() != null
        && ks.getStatus().inventory().entries() != null) {
      ks.getStatus().inventory().entries().forEach(e -> have.add(e.id()));
    }
    Set<String> before = seen.computeIfAbsent(ks.getMetadata().getName(), n -> new TreeSet<>());
    synchronized (before) {
      Set<String> missing = new TreeSet<>(before);
      missing.removeAll(have);
      before.addAll(have);
      return missing.isEmpty()
          ? null
          : ks.getMetadata().getName()
              + " rv "
              + ks.getMetadata().getResourceVersion()
              + ": inventory lost "
              + missing
              + " (Ready "
              + (ready(ks) == null ? null : ready(ks).status())
              + ")";
    }
  }

  @Test
  void readyIsNeverSeenWithAnInventoryThatLacksTheAppliedObjects() {
    List<String> violations = new CopyOnWriteArrayList<>();
    List<String> readyEvents = new CopyOnWriteArrayList<>();
    Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    String first = commit(2);
    GitRepository source = GitSources.onMain("default", "repo", repo.fileUrl(), "1s");
    try (Watch watch =
        cluster
            .client()
            .resources(Kustomization.class)
            .inNamespace("default")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Kustomization ks) {
                    String v = violation(ks);
                    if (v != null) {
                      violations.add(v);
                    }
                    String lost = regression(ks, seen);
                    if (lost != null) {
                      violations.add(lost);
                    }
                    Condition ready = ready(ks);
                    if (ready != null && "True".equals(ready.status())) {
                      readyEvents.add(ks.getMetadata().getName() + " " + ready.message());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      for (int k = 0; k < KUSTOMIZATIONS; k++) {
        KustomizationSpecs.of("GitRepository", "repo", "./app" + k)
            .withWait(true)
            .create(cluster.client(), "inv-" + k);
      }
      cluster.client().resource(source).create();
      awaitAllReady(first);

      // new revisions with more objects, plus requested reconciles racing with them
      for (int round = 3; round <= 5; round++) {
        String revision = commit(round);
        for (int k = 0; k < KUSTOMIZATIONS; k++) {
          requestReconcile("inv-" + k, revision + "-" + k);
        }
        awaitAllReady(revision);
      }
    }
    assertThat(readyEvents).isNotEmpty();
    assertThat(violations).isEmpty();
  }

  private static void requestReconcile(String name, String token) {
    ReconcileRequest.send(KustomizationSpecs.resource(cluster.client(), name), token);
  }

  private static void awaitAllReady(String revision) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              List<String> notYet = new ArrayList<>();
              for (int k = 0; k < KUSTOMIZATIONS; k++) {
                Condition ready = ready(KustomizationSpecs.get(cluster.client(), "inv-" + k));
                if (ready == null
                    || !"True".equals(ready.status())
                    || !ready.message().equals("Applied revision: " + revision)) {
                  notYet.add("inv-" + k + ": " + ready);
                }
              }
              assertThat(notYet).isEmpty();
            });
  }
}
