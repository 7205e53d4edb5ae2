package io.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.agent.PrunePlan.Present;
import io.flotilla.agent.PrunePlan.Why;
import io.flotilla.api.agent.DeletedConfiguration;
import io.flotilla.api.agent.DesiredConfiguration;
import io.flotilla.api.agent.DesiredState;
import io.flotilla.api.arm.FluxConfigurationProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given the FluxConfigs in a cluster and a desired state, which go and which stay (and why). */
class PrunePlanTest {
  static final String CLUSTER =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/edge";
  static final String OTHER =
      "/subscriptions/s/resourceGroups/rg2/providers/Microsoft.Kubernetes/connectedClusters/edge";

  static String id(String cluster, String name) {
    return cluster + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/" + name;
  }

  static Present present(String ns, String name, String cluster) {
    return new Present(ns, name, id(cluster, name), false);
  }

  static DesiredConfiguration live(String ns, String name) {
    return new DesiredConfiguration(id(CLUSTER, name), name, 1, false, inNamespace(ns));
  }

  static DesiredConfiguration deleting(String ns, String name) {
    return new DesiredConfiguration(id(CLUSTER, name), name, 2, true, inNamespace(ns));
  }

  static FluxConfigurationProperties inNamespace(String ns) {
    return FluxConfigurationProperties.of(b -> b.namespace = ns);
  }

  /** The plan for this cluster's desired configurations and recorded deletes. */
  static PrunePlan planOnCluster(
      List<Present> present,
      List<DesiredConfiguration> desired,
      List<DeletedConfiguration> deleted) {
    return PrunePlan.of(present, state(CLUSTER, desired, deleted));
  }

  static DesiredState state(
      String cluster, List<DesiredConfiguration> configs, List<DeletedConfiguration> deleted) {
    return new DesiredState("\"1\"", cluster, configs, deleted, null);
  }

  /** The plan keeps exactly one FluxConfig, for {@code why}, with a message saying each word. */
  static void keptOne(PrunePlan plan, Why why, String... words) {
    assertThat(plan.kept())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.why()).isEqualTo(why);
              assertThat(k.message()).contains(words);
            });
  }

  @Test
  void anEmptyDesiredStateDeletesNothingAndSaysWhy() {
    PrunePlan plan = planOnCluster(List.of(present("a", "a", CLUSTER)), List.of(), List.of());

    assertThat(plan.delete()).isEmpty();
    keptOne(
        plan,
        Why.DELETE_NOT_RECORDED,
        "FluxConfig a/a",
        "recorded no delete",
        "it is kept",
        "flux delete");
  }

  @Test
  void aShrunkDesiredStateKeepsWhatIsNoLongerListed() {
    PrunePlan plan =
        planOnCluster(
            List.of(present("a", "a", CLUSTER), present("b", "b", CLUSTER)),
            List.of(live("a", "a")),
            List.of());

    assertThat(plan.delete()).isEmpty();
    assertThat(plan.kept()).extracting(k -> k.config().key()).containsExactly("b/b");
  }

  @Test
  void aDeletingEntryDeletesTheFluxConfigOfThatResourceIdOnly() {
    PrunePlan plan =
        planOnCluster(
            List.of(present("a", "a", CLUSTER), present("x", "a", OTHER)),
            List.of(deleting("a", "a")),
            List.of());

    assertThat(plan.delete()).extracting(Present::key).containsExactly("a/a");
    keptOne(plan, Why.OTHER_CLUSTER, "FluxConfig x/a was written for " + id(OTHER, "a"), CLUSTER);
    assertThat(plan.confirmed()).isEmpty();
  }

  @Test
  void aDeleteIsConfirmedOnceNoFluxConfigOfThatResourceIdRemains() {
    PrunePlan going =
        planOnCluster(
            List.of(new Present("a", "a", id(CLUSTER, "a"), true)),
            List.of(deleting("a", "a")),
            List.of());
    PrunePlan gone =
        planOnCluster(List.of(present("x", "a", OTHER)), List.of(deleting("a", "a")), List.of());

    assertThat(going.delete()).isEmpty();
    assertThat(going.confirmed()).isEmpty();
    assertThat(gone.confirmed()).containsExactly("a");
  }

  @Test
  void aRecordedDeleteRemovesAFluxConfigThatCameBack() {
    PrunePlan plan =
        planOnCluster(
            List.of(present("a", "a", CLUSTER)),
            List.of(),
            List.of(
                new DeletedConfiguration(
                    id(CLUSTER, "a").toLowerCase(), "a", "2026-01-01T00:00:00Z")));

    assertThat(plan.delete()).extracting(Present::key).containsExactly("a/a");
    assertThat(plan.kept()).isEmpty();
  }

  @Test
  void aConfigurationCreatedAgainWinsOverItsRecordedDelete() {
    PrunePlan plan =
        planOnCluster(
            List.of(present("a", "a", CLUSTER)),
            List.of(live("a", "a")),
            List.of(new DeletedConfiguration(id(CLUSTER, "a"), "a", "t")));

    assertThat(plan.delete()).isEmpty();
    assertThat(plan.kept()).isEmpty();
  }

  @Test
  void anotherClustersFluxConfigIsNeverDeletedAndSaidToBeForeign() {
    PrunePlan plan =
        planOnCluster(
            List.of(present("a", "a", OTHER), new Present("n", "hand-made", null, false)),
            List.of(),
            List.of());

    assertThat(plan.delete()).isEmpty();
    assertThat(plan.kept())
        .extracting(PrunePlan.Kept::why)
        .containsExactly(Why.OTHER_CLUSTER, Why.OTHER_CLUSTER);
  }

  @Test
  void withoutAClusterIdentityNothingUnlistedIsDeleted() {
    // an older service sends neither the cluster's id nor recorded deletes
    PrunePlan plan =
        PrunePlan.of(
            List.of(present("a", "a", CLUSTER), present("b", "b", OTHER)),
            new DesiredState("\"1\"", List.of()));

    assertThat(plan.delete()).isEmpty();
    assertThat(plan.kept()).extracting(PrunePlan.Kept::why).containsOnly(Why.DELETE_NOT_RECORDED);
  }
}
