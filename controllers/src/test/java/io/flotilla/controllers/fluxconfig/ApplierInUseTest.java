package io.flotilla.controllers.fluxconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which objects being deleted still act as the namespace's flux-applier, and for how long. */
class ApplierInUseTest {
  private static GenericKubernetesResource release(String meta, String spec) {
    return Serialization.unmarshal(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: podinfo, namespace: team, %s}
        spec: {interval: 10m, %s}
        """
            .formatted(meta, spec),
        GenericKubernetesResource.class);
  }

  private static final String DELETING =
      "deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [finalizers.fluxcd.io]";

  @Test
  void aReleaseBeingUninstalledAsTheDefaultOrFluxApplierAccountUsesIt() {
    assertThat(ApplierInUse.actsAsApplier(release(DELETING, ""))).isTrue();
    assertThat(ApplierInUse.actsAsApplier(release(DELETING, "serviceAccountName: flux-applier")))
        .isTrue();
  }

  @Test
  void anotherAccountARemoteClusterOrNoDeletionInProgressDoNot() {
    assertThat(ApplierInUse.actsAsApplier(release(DELETING, "serviceAccountName: deployer")))
        .isFalse();
    assertThat(
            ApplierInUse.actsAsApplier(
                release(DELETING, "kubeConfig: {secretRef: {name: remote}}")))
        .isFalse();
    assertThat(ApplierInUse.actsAsApplier(release("finalizers: [finalizers.fluxcd.io]", "")))
        .as("not being deleted")
        .isFalse();
    assertThat(ApplierInUse.actsAsApplier(release("deletionTimestamp: '2026-01-01T00:00:00Z'", "")))
        .as("finalized already")
        .isFalse();
  }

  @Test
  void aDeletionWaitsTenMinutesAtMost() {
    String since = "2026-01-01T00:00:00Z";
    assertThat(ApplierInUse.mayWait(since, Instant.parse("2026-01-01T00:09:59Z"))).isTrue();
    assertThat(ApplierInUse.mayWait(since, Instant.parse("2026-01-01T00:10:00Z"))).isFalse();
  }
}
