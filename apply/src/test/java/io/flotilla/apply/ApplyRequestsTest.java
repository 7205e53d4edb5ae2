package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an apply costs in API requests: one dry-run per object when nothing changed, no read of
 * objects the dry-run says do not exist, and a read when someone else wrote the object since.
 */
class ApplyRequestsTest extends FakeClusterTestSupport {

  static final String APP =
      SETTINGS_YAML
          + """
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: podinfo, namespace: apps}
          spec: {ports: [{port: 9898}]}
          """;

  static final ObjectRef SETTINGS = new ObjectRef("", "v1", "ConfigMap", "apps", "settings");
  static final ObjectRef SERVICE = new ObjectRef("", "v1", "Service", "apps", "podinfo");

  @Test
  void creatingReadsNothing() throws Exception {
    ChangeSet cs = apply(APP);
    assertThat(cs.changes().entries()).hasSize(2);
    assertThat(cluster.reads).isEmpty();
    assertThat(cluster.dryRuns).hasSize(2);
    assertThat(cluster.writes).hasSize(2);
  }

  @Test
  void reapplyingUnchangedObjectsIsOneDryRunEach() throws Exception {
    apply(APP);
    cluster.reads.clear();
    cluster.dryRuns.clear();
    cluster.writes.clear();

    ChangeSet cs = apply(APP);

    assertThat(cs.summary())
        .isEqualTo("ConfigMap/apps/settings unchanged\nService/apps/podinfo unchanged");
    // dry-runs run concurrently (Applier.CONCURRENCY), so their order is not fixed
    assertThat(cluster.dryRuns)
        .containsExactlyInAnyOrder("ConfigMap/apps/settings", "Service/apps/podinfo");
    assertThat(cluster.reads).isEmpty();
    assertThat(cluster.writes).isEmpty();
  }

  @Test
  void anEditByAnotherWriterIsReadAndReverted() throws Exception {
    apply(APP);
    var edited = cluster.live(SETTINGS);
    edited.setAdditionalProperty("data", Map.of("color", "red"));
    cluster.put(edited); // a new resourceVersion
    cluster.reads.clear();

    ChangeSet cs = apply(APP);

    assertThat(cs.changes().summary()).isEqualTo("ConfigMap/apps/settings configured");
    assertThat(cluster.reads).containsExactly("ConfigMap/apps/settings");
    assertThat(cluster.live(SETTINGS).getAdditionalProperties().get("data"))
        .isEqualTo(Map.of("color", "blue"));
  }

  @Test
  void aChangedManifestIsWrittenWithoutARead() throws Exception {
    apply(APP);
    cluster.reads.clear();
    cluster.writes.clear();

    ChangeSet cs = apply(APP.replace("color: blue", "color: green"));

    assertThat(cs.changes().summary()).isEqualTo("ConfigMap/apps/settings configured");
    assertThat(cluster.writes).containsExactly("ConfigMap/apps/settings");
    assertThat(cluster.reads).isEmpty();
  }

  @Test
  void aStatusWriteSeenByTheHealthCheckSparesTheNextRead() throws Exception {
    apply(APP);
    var withStatus = cluster.live(SERVICE);
    withStatus.setAdditionalProperty("status", Map.of("loadBalancer", Map.of()));
    cluster.put(withStatus); // e.g. a controller's status write: a new resourceVersion
    manager.checkHealth(List.of(SERVICE));
    cluster.reads.clear();

    apply(APP);

    assertThat(cluster.reads).isEmpty();
  }

  @Test
  void theHealthCheckAfterAnApplyStartsFromWhatTheApplyReturned() throws Exception {
    apply(APP);
    cluster.reads.clear();

    HealthResult health = manager.waitForHealth(List.of(SETTINGS, SERVICE), Duration.ofSeconds(5));

    assertThat(health.healthy()).isTrue();
    assertThat(cluster.reads).isEmpty();
    // taken once: a second wait reads the objects
    manager.waitForHealth(List.of(SETTINGS, SERVICE), Duration.ofSeconds(5));
    assertThat(cluster.reads).hasSize(2);
  }
}
