package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * Leases as leader election uses them (client-go's and fabric8's LeaseLock): create once, then
 * compare-and-swap updates on resourceVersion, with MicroTime renew times kept to the microsecond.
 */
class LeaseIT extends KubeTestSupport {
  private static Lease lease(String name, String holder, ZonedDateTime renewed) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(holder)
        .withLeaseDurationSeconds(15)
        .withAcquireTime(renewed)
        .withRenewTime(renewed)
        .withLeaseTransitions(0)
        .endSpec()
        .build();
  }

  @Test
  void aSecondCreateOfTheSameLeaseIsRefusedAsAlreadyExisting() {
    ZonedDateTime now = ZonedDateTime.parse("2026-05-01T10:00:00.123456Z");
    client.leases().resource(lease("first", "a", now)).create();
    assertThatThrownBy(() -> client.leases().resource(lease("first", "b", now)).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
        .hasMessageContaining("already exists");
    assertThat(client.leases().inNamespace("default").withName("first").get())
        .extracting(l -> l.getSpec().getHolderIdentity())
        .isEqualTo("a");
  }

  @Test
  void anUpdateOnAStaleResourceVersionLosesAndTheWinnerKeepsTheLease() {
    ZonedDateTime now = ZonedDateTime.parse("2026-05-01T10:00:00.654321Z");
    Lease created = client.leases().resource(lease("race", "a", now)).create();
    Lease seenByA = client.leases().inNamespace("default").withName("race").get();
    Lease seenByB = client.leases().inNamespace("default").withName("race").get();

    seenByA.getSpec().setRenewTime(now.plusSeconds(2));
    Lease renewed = client.leases().resource(seenByA).update();
    assertThat(renewed.getMetadata().getResourceVersion())
        .isNotEqualTo(created.getMetadata().getResourceVersion());
    assertThat(renewed.getSpec().getRenewTime()).isEqualTo(now.plusSeconds(2));

    seenByB.getSpec().setHolderIdentity("b");
    assertThatThrownBy(() -> client.leases().resource(seenByB).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
        .hasMessageContaining("the object has been modified");
    assertThat(client.leases().inNamespace("default").withName("race").get().getSpec())
        .satisfies(
            s -> {
              assertThat(s.getHolderIdentity()).isEqualTo("a");
              assertThat(s.getRenewTime()).isEqualTo(now.plusSeconds(2));
            });
  }
}
