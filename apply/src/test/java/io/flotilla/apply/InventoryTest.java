package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.kustomize.ResourceInventory;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryTest {
  static final ObjectRef NS = new ObjectRef("", "v1", "Namespace", "", "apps");
  static final ObjectRef SVC = new ObjectRef("", "v1", "Service", "apps", "podinfo");
  static final ObjectRef DEPLOY = new ObjectRef("apps", "v1", "Deployment", "apps", "podinfo");
  static final ObjectRef HPA =
      new ObjectRef("autoscaling", "v2", "HorizontalPodAutoscaler", "apps", "podinfo");

  @Test
  void staleIsPreviousMinusCurrentById() {
    assertThat(Inventory.stale(List.of(NS, SVC, DEPLOY, HPA), List.of(NS, DEPLOY)))
        .containsExactly(SVC, HPA);
  }

  @Test
  void aVersionChangeIsNotStale() {
    ObjectRef hpaV1 =
        new ObjectRef("autoscaling", "v1", "HorizontalPodAutoscaler", "apps", "podinfo");
    assertThat(Inventory.stale(List.of(hpaV1), List.of(HPA))).isEmpty();
  }

  @Test
  void nothingIsStaleOnFirstApply() {
    assertThat(Inventory.stale(List.of(), List.of(NS, SVC))).isEmpty();
  }

  @Test
  void statusRoundTrip() {
    ResourceInventory status = Inventory.toStatus(List.of(NS, DEPLOY, NS));
    assertThat(status.entries())
        .containsExactly(
            new ResourceInventory.ResourceRef("_apps__Namespace", "v1"),
            new ResourceInventory.ResourceRef("apps_podinfo_apps_Deployment", "v1"));
    assertThat(Inventory.fromStatus(status)).containsExactly(NS, DEPLOY);
    assertThat(Inventory.fromStatus(null)).isEmpty();
  }
}
