package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.helm.ReleaseException.Kind;
import io.flotilla.helm.ReleaseStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The release state machine against an in-memory engine: given a HelmRelease and what storage
 * holds, which actions run, and which conditions, counters, history and events follow, as
 * helm-controller's atomic release.
 */
class AtomicReleaseTest {
  /** A chart as the reconciler sees it; the fake engine never opens the archive. */
  record TestChart(String name, String version, String appVersion, Path archive)
      implements io.flotilla.helm.Chart {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

  private final FakeReleases engine = new FakeReleases();
  private final List<String> events = new ArrayList<>();
  private final List<Map<String, String>> annotations = new ArrayList<>();
  private StatusModel status;

  private static HelmRelease hr(String specYaml) {
    String yaml =
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: podinfo
          namespace: default
          generation: 1
        spec:
          interval: 10m
          chartRef: {kind: OCIRepository, name: podinfo}
        """
            + specYaml.indent(2);
    return Serialization.unmarshal(yaml, HelmRelease.class);
  }

  private AtomicRelease.Outcome run(HelmRelease hr, String chartVersion, String valuesJson)
      throws Exception {
    return run(hr, chartVersion, valuesJson, false);
  }

  private AtomicRelease.Outcome run(
      HelmRelease hr, String chartVersion, String valuesJson, boolean detectDrift)
      throws Exception {
    if (status == null) {
      status = new StatusModel(null, hr.getMetadata().getGeneration(), CLOCK);
    }
    ObjectNode values = (ObjectNode) JSON.readTree(valuesJson);
    ReleaseNames names = ReleaseNames.of(hr);
    status.storageNamespace = names.storageNamespace();
    Request req =
        new Request(
            hr,
            status,
            names,
            new TestChart("podinfo", chartVersion, "6.0.0", Path.of("podinfo.tgz")),
            values,
            Digests.values(values),
            "",
            null,
            null,
            engine,
            new ActionSettings(hr, UnaryOperator.identity()),
            new ReleaseEvents() {
              @Override
              public void normal(String reason, String message, Map<String, String> a) {
                events.add("Normal " + reason + ": " + message);
                annotations.add(a);
              }

              @Override
              public void warning(String reason, String message, Map<String, String> a) {
                events.add("Warning " + reason + ": " + message);
                annotations.add(a);
              }
            },
            detectDrift);
    return AtomicRelease.run(req, () -> {});
  }

  private Condition condition(String type) {
    return status.conditions.get(type).orElse(null);
  }

  private String ready() {
    Condition c = condition(ConditionTypes.READY);
    return c.status() + " " + c.reason() + ": " + c.message();
  }

  @Test
  void anAbsentReleaseIsInstalledAndReportedAsFluxDoes() throws Exception {
    var outcome = run(hr(""), "1.0.0", "{\"replicas\":2}");

    assertThat(outcome).isInstanceOf(AtomicRelease.Outcome.Done.class);
    assertThat(engine.calls).containsExactly("install");
    assertThat(ready())
        .isEqualTo(
            "True InstallSucceeded: Helm install succeeded for release default/podinfo.v1 with"
                + " chart podinfo@1.0.0");
    assertThat(condition("Released").reason()).isEqualTo("InstallSucceeded");
    assertThat(condition(ConditionTypes.RECONCILING)).isNull();
    assertThat(status.history.toList())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo("deployed");
              assertThat(s.version()).isEqualTo(1L);
              assertThat(s.chartVersion()).isEqualTo("1.0.0");
              assertThat(s.configDigest())
                  .isEqualTo(Digests.values(JSON.readTree("{\"replicas\":2}")));
            });
    assertThat(status.lastAttemptedReleaseAction).isEqualTo("install");
    assertThat(events)
        .containsExactly(
            "Normal InstallSucceeded: Helm install succeeded for release default/podinfo.v1 with"
                + " chart podinfo@1.0.0");
    assertThat(annotations.get(0))
        .containsEntry("helm.toolkit.fluxcd.io/revision", "1.0.0")
        .containsEntry("helm.toolkit.fluxcd.io/app-version", "6.0.0")
        .containsKey("helm.toolkit.fluxcd.io/token");
  }

  @Test
  void aReleaseInSyncRunsNothing() throws Exception {
    run(hr(""), "1.0.0", "{}");
    engine.calls.clear();
    events.clear();

    var outcome = run(hr(""), "1.0.0", "{}");

    assertThat(outcome).isInstanceOf(AtomicRelease.Outcome.Done.class);
    assertThat(engine.calls).isEmpty();
    assertThat(events).isEmpty();
    assertThat(ready()).startsWith("True InstallSucceeded");
  }

  @Test
  void newValuesOrANewChartUpgradeAndSupersedeThePreviousRevision() throws Exception {
    run(hr(""), "1.0.0", "{}");

    run(hr(""), "1.0.0", "{\"replicas\":3}");
    assertThat(engine.calls).containsExactly("install", "upgrade");
    run(hr(""), "1.1.0", "{\"replicas\":3}");

    assertThat(engine.calls).containsExactly("install", "upgrade", "upgrade");
    assertThat(ready())
        .isEqualTo(
            "True UpgradeSucceeded: Helm upgrade succeeded for release default/podinfo.v3 with"
                + " chart podinfo@1.1.0");
    // in sync: the history keeps the latest and the previous deployed one
    assertThat(status.history.toList())
        .extracting(s -> s.version() + " " + s.status())
        .containsExactly("3 deployed", "2 superseded");
  }

  @Test
  void anInstallFailureWithoutRetriesStallsWithRetriesExceeded() throws Exception {
    engine.fail("install", Kind.APPLY, true);

    var outcome = run(hr(""), "1.0.0", "{}");

    assertThat(outcome).isInstanceOf(AtomicRelease.Outcome.Stalled.class);
    assertThat(condition("Released").reason()).isEqualTo("InstallFailed");
    assertThat(condition("Released").message())
        .isEqualTo(
            "Helm install failed for release default/podinfo with chart podinfo@1.0.0: install"
                + " failed: boom");
    assertThat(ready()).startsWith("False InstallFailed: Helm install failed");
    assertThat(condition(ConditionTypes.STALLED).reason()).isEqualTo("RetriesExceeded");
    assertThat(condition(ConditionTypes.STALLED).message())
        .isEqualTo("Failed to install after 1 attempt(s)");
    assertThat(status.installFailures).isEqualTo(1);
    assertThat(status.failures).isEqualTo(1);
    assertThat(events).first().asString().startsWith("Warning InstallFailed: ");
  }

  @Test
  void anInstallFailureThatStoredNothingIsRetriedWithoutCountingTowardsRemediation()
      throws Exception {
    engine.fail("install", Kind.CHART, false);

    var outcome = run(hr(""), "1.0.0", "{}");

    assertThat(outcome).isInstanceOf(AtomicRelease.Outcome.Failed.class);
    assertThat(status.installFailures).isZero();
    assertThat(status.failures).isEqualTo(1);
    assertThat(condition(ConditionTypes.STALLED)).isNull();
  }

  @Test
  void installRetriesUninstallTheFailedReleaseThenInstallAgain() throws Exception {
    HelmRelease hr = hr("install: {remediation: {retries: 1}}");
    engine.fail("install", Kind.APPLY, true);

    var first = run(hr, "1.0.0", "{}");

    assertThat(first).isInstanceOf(AtomicRelease.Outcome.MustRequeue.class);
    assertThat(engine.calls).containsExactly("install", "uninstall");
    assertThat(condition("Remediated").reason()).isEqualTo("UninstallSucceeded");
    assertThat(ready())
        .isEqualTo(
            "False UninstallSucceeded: Helm uninstall remediation for release default/podinfo.v1"
                + " with chart podinfo@1.0.0 succeeded");
    assertThat(condition(ConditionTypes.RECONCILING).reason()).isEqualTo("ProgressingWithRetry");

    var second = run(hr, "1.0.0", "{}");

    assertThat(second).isInstanceOf(AtomicRelease.Outcome.Done.class);
    assertThat(engine.calls).containsExactly("install", "uninstall", "install");
    assertThat(ready()).startsWith("True InstallSucceeded");
    assertThat(condition("Remediated")).isNull();
  }

  @Test
  void upgradeFailuresRollBackUntilRetriesAreExhaustedThenStall() throws Exception {
    HelmRelease hr = hr("upgrade: {remediation: {retries: 1}}");
    run(hr, "1.0.0", "{}");
    engine.fail("upgrade", Kind.APPLY, true);

    var first = run(hr, "1.0.0", "{\"bad\":true}");

    assertThat(first).isInstanceOf(AtomicRelease.Outcome.MustRequeue.class);
    assertThat(engine.calls).containsExactly("install", "upgrade", "rollback");
    assertThat(ready())
        .isEqualTo(
            "False RollbackSucceeded: Helm rollback to previous release default/podinfo.v1 with"
                + " chart podinfo@1.0.0 succeeded");
    assertThat(status.upgradeFailures).isEqualTo(1);

    engine.fail("upgrade", Kind.APPLY, true);
    var second = run(hr, "1.0.0", "{\"bad\":true}");

    // the last failure is remediated too (upgrade with retries), then nothing remains
    assertThat(engine.calls)
        .containsExactly("install", "upgrade", "rollback", "upgrade", "rollback");
    assertThat(second).isInstanceOf(AtomicRelease.Outcome.Stalled.class);
    assertThat(condition(ConditionTypes.STALLED).message())
        .isEqualTo("Failed to upgrade after 2 attempt(s)");
    assertThat(engine.latest("default", "podinfo").orElseThrow().status())
        .isEqualTo(ReleaseStatus.DEPLOYED);
  }

  @Test
  void retryOnFailureLeavesTheFailedReleaseAndRetriesAfterTheInterval() throws Exception {
    HelmRelease hr =
        hr(
            """
            upgrade:
              strategy: {name: RetryOnFailure, retryInterval: 2m}
              remediation: {retries: 3}
            """);
    run(hr, "1.0.0", "{}");
    engine.fail("upgrade", Kind.APPLY, true);

    var outcome = run(hr, "1.0.0", "{\"bad\":true}");

    assertThat(outcome).isEqualTo(new AtomicRelease.Outcome.RetryAfter(Duration.ofMinutes(2)));
    assertThat(engine.calls).doesNotContain("rollback", "uninstall");
    assertThat(condition(ConditionTypes.STALLED)).isNull();
    assertThat(ready()).startsWith("False UpgradeFailed");
  }

  @Test
  void aReleaseLeftPendingByAKilledProcessIsUnlockedAndTakenOver() throws Exception {
    engine.put("default", "podinfo", 1, ReleaseStatus.PENDING_INSTALL, "1.0.0");

    var outcome = run(hr(""), "1.0.0", "{}");

    assertThat(engine.calls).containsExactly("unlock", "upgrade");
    assertThat(events.get(0))
        .isEqualTo(
            "Normal PendingRelease: Unlocked Helm release default/podinfo.v1 with chart"
                + " podinfo@1.0.0 in pending-install state");
    assertThat(outcome).isInstanceOf(AtomicRelease.Outcome.Done.class);
    assertThat(ready()).startsWith("True UpgradeSucceeded");
  }

  @Test
  void aReleaseMadeByAnotherToolIsAdoptedWithAnUpgrade() throws Exception {
    engine.put("default", "podinfo", 4, ReleaseStatus.DEPLOYED, "0.9.0");

    run(hr(""), "1.0.0", "{}");

    assertThat(engine.calls).containsExactly("upgrade");
    assertThat(status.history.latest().version()).isEqualTo(5L);
  }

  @Test
  void testsRunAfterTheInstallAndDecideReadiness() throws Exception {
    var outcome = run(hr("test: {enable: true}"), "1.0.0", "{}");

    assertThat(outcome).isInstanceOf(AtomicRelease.Outcome.Done.class);
    assertThat(engine.calls).containsExactly("install", "test");
    assertThat(ready())
        .isEqualTo(
            "True TestSucceeded: Helm test succeeded for release default/podinfo.v1 with chart"
                + " podinfo@1.0.0: 1 test hook completed successfully");
    assertThat(status.history.latest().testHooks()).containsKey("smoke");
    assertThat(status.history.latest().testHooks().get("smoke").phase()).isEqualTo("Succeeded");
  }

  @Test
  void ignoredTestFailuresLeaveTheReleaseReady() throws Exception {
    engine.testHookFails = true;

    run(hr("test: {enable: true, ignoreFailures: true}"), "1.0.0", "{}");

    assertThat(condition("TestSuccess").reason()).isEqualTo("TestFailed");
    assertThat(ready()).startsWith("True InstallSucceeded");
  }

  @Test
  void aFailedTestWithoutRetriesStalls() throws Exception {
    engine.testHookFails = true;

    var outcome = run(hr("test: {enable: true}"), "1.0.0", "{}");

    assertThat(engine.calls).containsExactly("install", "test");
    assertThat(outcome).isInstanceOf(AtomicRelease.Outcome.Stalled.class);
    assertThat(ready()).startsWith("False TestFailed: Helm test failed for release");
    assertThat(status.installFailures).isEqualTo(1);
  }

  @Test
  void driftIsCorrectedWhenEnabledAndOnlyReportedInWarnMode() throws Exception {
    run(hr("driftDetection: {mode: warn}"), "1.0.0", "{}");
    engine.drift = FakeReleases.drifted();
    events.clear();

    run(hr("driftDetection: {mode: warn}"), "1.0.0", "{}");
    assertThat(engine.calls).doesNotContain("correctDrift");
    assertThat(events)
        .containsExactly(
            "Warning DriftDetected: Cluster state of release default/podinfo.v1 has drifted from"
                + " the desired state:\nDeployment/default/podinfo changed");

    run(hr("driftDetection: {mode: enabled}"), "1.0.0", "{}");
    assertThat(engine.calls).contains("correctDrift");
    assertThat(events.get(events.size() - 1))
        .isEqualTo(
            "Normal DriftCorrected: Cluster state of release default/podinfo.v1 has been"
                + " corrected:\nDeployment/default/podinfo configured");
  }

  @Test
  void theExtensionSettingEnablesDriftDetectionUnlessTheReleaseSaysOtherwise() throws Exception {
    run(hr(""), "1.0.0", "{}", true);
    engine.drift = FakeReleases.drifted();

    run(hr(""), "1.0.0", "{}", true);
    assertThat(engine.calls).contains("correctDrift");

    engine.calls.clear();
    engine.drift = FakeReleases.drifted();
    run(hr("driftDetection: {mode: disabled}"), "1.0.0", "{}", true);
    assertThat(engine.calls).doesNotContain("diff", "correctDrift");
  }

  @Test
  void forceAtUpgradesAReleaseInSyncOnce() throws Exception {
    run(hr(""), "1.0.0", "{}");
    HelmRelease forced = hr("");
    forced
        .getMetadata()
        .setAnnotations(
            Map.of(
                "reconcile.fluxcd.io/requestedAt", "t1",
                "reconcile.fluxcd.io/forceAt", "t1"));

    run(forced, "1.0.0", "{}");
    run(forced, "1.0.0", "{}");

    assertThat(engine.calls).containsExactly("install", "upgrade");
    assertThat(status.lastHandledForceAt).isEqualTo("t1");
  }

  @Test
  void aReleaseChangedBehindItsBackIsTakenOverAgain() throws Exception {
    run(hr(""), "1.0.0", "{}");
    // someone ran `helm upgrade` by hand
    engine.put("default", "podinfo", 2, ReleaseStatus.DEPLOYED, "1.0.0");

    run(hr(""), "1.0.0", "{}");

    assertThat(engine.calls).containsExactly("install", "upgrade");
    assertThat(status.history.latest().version()).isEqualTo(3L);
  }
}
