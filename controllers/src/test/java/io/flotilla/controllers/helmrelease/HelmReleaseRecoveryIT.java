package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.kube.KubeApiOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never stuck: a controller process killed while a release's pre-install or pre-upgrade hook Job
 * runs leaves Helm's record {@code pending-install} / {@code pending-upgrade}; the next process
 * unlocks it (the revision marked failed, "Release unlocked from stale '…' state", event
 * PendingRelease) and upgrades, so the release ends deployed and the HelmRelease Ready, never on
 * "another operation is in progress". Storage keeps every revision, as Helm's would.
 *
 * <p>The kill is faithful to a process that dies: the first controllers act through a client of
 * their own, closed before the controllers are, so nothing they would still do reaches the API. The
 * simulated kubelet takes {@link #HOOK_RUNTIME} to complete a Job, long enough to kill the process
 * while the hook runs.
 */
class HelmReleaseRecoveryIT {
  private static final Duration HOOK_RUNTIME = Duration.ofSeconds(4);
  @TempDir static Path tmp;
  static HelmFixture f;

  @BeforeAll
  static void start() {
    f = HelmFixture.start(tmp, KubeApiOptions.defaults().withKubeletDelay(HOOK_RUNTIME));
  }

  @AfterAll
  static void stop() {
    if (f != null) f.close();
  }

  private static void nginx(String name, int replicas) {
    f.release(
        name,
        "ingress-nginx",
        "4.10.1",
        // no load balancer in this cluster (as in the tutorial)
        "values:\n  controller: {replicaCount: %d, service: {type: NodePort}}\n"
            .formatted(replicas));
  }

  /** The hook Job of {@code release} exists and has not completed yet. */
  private static boolean hookRunning(String release) {
    Job job =
        f.client
            .batch()
            .v1()
            .jobs()
            .inNamespace("default")
            .withName(release + "-ingress-nginx-admission-create")
            .get();
    return job != null
        && (job.getStatus() == null
            || job.getStatus().getConditions() == null
            || job.getStatus().getConditions().isEmpty());
  }

  /** Kills the process: its client first (nothing more reaches the API), then its threads. */
  private static void kill(KubernetesClient processClient) {
    processClient.close();
    f.stopControllers();
  }

  /**
   * Kills the process once Helm's storage of {@code name} reads {@code stored} and its hook runs.
   */
  private static void killWhileTheHookRuns(
      KubernetesClient processClient, String name, List<String> stored) {
    await()
        .atMost(HelmFixture.CONVERGE)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(f.storedStatuses("default", name).equals(stored) && hookRunning(name))
                    .as(() -> f.dump(name))
                    .isTrue());
    kill(processClient);
    assertThat(f.storedStatuses("default", name)).isEqualTo(stored);
  }

  private static void assertRecovered(String name, String pending, List<String> history) {
    f.startControllers(f.client);
    f.awaitReady(name);
    // as helm-controller: the unlocked revision was never observed by this object (the process
    // died before writing its status), so the release is taken as found in storage (unmanaged)
    // and the history restarts from the upgrade that recovered it
    assertThat(f.history(name)).containsExactly(history.get(0));
    assertThat(f.storedStatuses("default", name)).containsExactlyElementsOf(history);
    String unlocked = history.get(1).split(" ")[0];
    var stale =
        f.storage("default", name).stream()
            .filter(s -> s.getMetadata().getLabels().get("version").equals(unlocked))
            .findFirst()
            .orElseThrow();
    assertThat(HelmFixture.release(stale).path("info").path("description").asText())
        .isEqualTo("Release unlocked from stale '%s' state".formatted(pending));
    assertThat(f.events(name))
        .contains(
            "Normal PendingRelease: Unlocked Helm release default/%s.v%s with chart"
                    .formatted(name, unlocked)
                + " ingress-nginx@4.10.1 in %s state".formatted(pending));
    assertThat(f.ready(name)).doesNotContain("another operation");
    assertThat(f.client.apps().deployments().inNamespace("default").list().getItems())
        .anySatisfy(
            d ->
                assertThat(d.getMetadata().getName())
                    .isEqualTo(name + "-ingress-nginx-controller"));
    f.stopControllers();
  }

  @Test
  void anInstallKilledWhileItsPreInstallHookRunsIsUnlockedAndUpgradedByTheNextProcess() {
    KubernetesClient process = f.newClient();
    f.startControllers(process);
    nginx("edge", 1);
    killWhileTheHookRuns(process, "edge", List.of("1 pending-install"));

    assertRecovered("edge", "pending-install", List.of("2 deployed", "1 failed"));
    assertThat(f.ready("edge"))
        .isEqualTo(
            "True UpgradeSucceeded: Helm upgrade succeeded for release default/edge.v2"
                + " with chart ingress-nginx@4.10.1");
  }

  @Test
  void anUpgradeKilledWhileItsPreUpgradeHookRunsIsUnlockedAndUpgradedByTheNextProcess() {
    KubernetesClient process = f.newClient();
    f.startControllers(process);
    nginx("gate", 1);
    f.awaitReady("gate");
    nginx("gate", 2);
    killWhileTheHookRuns(process, "gate", List.of("2 pending-upgrade", "1 deployed"));

    assertRecovered("gate", "pending-upgrade", List.of("3 deployed", "2 failed", "1 superseded"));
    assertThat(f.deployment("gate-ingress-nginx-controller").getSpec().getReplicas()).isEqualTo(2);
  }
}
