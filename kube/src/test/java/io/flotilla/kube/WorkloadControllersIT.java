package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Deployment controller's rules beyond the happy path: Recreate, minReadySeconds, the progress
 * deadline, pausing, foreground deletion; and the node the Pods are bound to.
 */
class WorkloadControllersIT extends KubeTestSupport {

  private static Deployment create(
      String ns, String name, String image, int replicas, UnaryOperator<DeploymentBuilder> edit) {
    Deployment d = CrudIT.deployment(ns, name, image);
    d.getSpec().setReplicas(replicas);
    return client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(edit.apply(new DeploymentBuilder(d)).build())
        .create();
  }

  /**
   * A user's edit, retried on a conflict as client-go's RetryOnConflict does: the controllers write
   * the Deployment (status, revision annotation) while it rolls out.
   */
  private static void edit(String ns, String name, UnaryOperator<DeploymentBuilder> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName(name)
            .edit(d -> change.apply(new DeploymentBuilder(d)).build());
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static DeploymentBuilder withImage(DeploymentBuilder b, String image) {
    return b.editSpec()
        .editTemplate()
        .editSpec()
        .editFirstContainer()
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  private static Deployment get(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    if (d.getStatus() == null || d.getStatus().getConditions() == null) {
      return null;
    }
    return d.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  /**
   * Reads the Deployment again until it passes {@code done}, for at most {@code limit}; that read.
   */
  private static Deployment awaitDeployment(
      String ns, String name, Duration limit, Predicate<Deployment> done) {
    return await().atMost(limit).until(() -> get(ns, name), done);
  }

  private static Deployment awaitComplete(String ns, String name) {
    return awaitDeployment(
        ns,
        name,
        Duration.ofSeconds(20),
        d -> {
          DeploymentCondition p = condition(d, "Progressing");
          return p != null
              && p.getReason().equals("NewReplicaSetAvailable")
              && d.getStatus().getObservedGeneration().equals(d.getMetadata().getGeneration())
              && d.getSpec().getReplicas().equals(d.getStatus().getAvailableReplicas())
              && d.getStatus().getReplicas().equals(d.getSpec().getReplicas());
        });
  }

  @Test
  void recreateRemovesEveryOldPodBeforeANewOneIsCreated() {
    String ns = newNamespace();
    create(
        ns,
        "app",
        "nginx:1.27",
        3,
        b -> b.editSpec().withNewStrategy().withType("Recreate").endStrategy().endSpec());
    awaitComplete(ns, "app");
    List<String> events = new CopyOnWriteArrayList<>();
    String from = client.pods().inNamespace(ns).list().getMetadata().getResourceVersion();
    try (var watch =
        client
            .pods()
            .inNamespace(ns)
            .withResourceVersion(from)
            .watch(
                new Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    if (action != Action.MODIFIED) {
                      events.add(action + " " + pod.getSpec().getContainers().get(0).getImage());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      edit(ns, "app", b -> withImage(b, "nginx:1.28"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> events.stream().filter(e -> e.equals("ADDED nginx:1.28")).count() == 3);
    }
    assertThat(events)
        .containsExactly(
            "DELETED nginx:1.27",
            "DELETED nginx:1.27",
            "DELETED nginx:1.27",
            "ADDED nginx:1.28",
            "ADDED nginx:1.28",
            "ADDED nginx:1.28");
    Deployment d = awaitComplete(ns, "app");
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "2");
  }

  @Test
  void readyPodsCountAsAvailableOnlyAfterMinReadySeconds() {
    String ns = newNamespace();
    Instant start = Instant.now();
    create(ns, "slow", "nginx:1.27", 2, b -> b.editSpec().withMinReadySeconds(2).endSpec());

    Deployment ready =
        awaitDeployment(
            ns,
            "slow",
            Duration.ofSeconds(10),
            d ->
                d.getStatus() != null
                    && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()));
    if (Duration.between(start, Instant.now()).toMillis() < 1500) {
      assertThat(ready.getStatus().getAvailableReplicas()).isNull();
      assertThat(condition(ready, "Available").getStatus()).isEqualTo("False");
    }
    awaitComplete(ns, "slow");
    // Ready's transition time is in whole seconds, as in Kubernetes: available after 1-2 s
    assertThat(Duration.between(start, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    var rs = client.apps().replicaSets().inNamespace(ns).list().getItems().get(0);
    assertThat(rs.getSpec().getMinReadySeconds()).isEqualTo(2);
  }

  @Test
  void aRolloutThatMakesNoProgressExceedsItsDeadline() {
    String ns = newNamespace();
    create(
        ns, "stuck", "nginx:fail", 1, b -> b.editSpec().withProgressDeadlineSeconds(1).endSpec());

    Deployment d =
        awaitDeployment(
            ns,
            "stuck",
            Duration.ofSeconds(10),
            x ->
                condition(x, "Progressing") != null
                    && condition(x, "Progressing").getStatus().equals("False"));

    DeploymentCondition p = condition(d, "Progressing");
    String rs =
        client
            .apps()
            .replicaSets()
            .inNamespace(ns)
            .list()
            .getItems()
            .get(0)
            .getMetadata()
            .getName();
    assertThat(p.getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(p.getMessage()).isEqualTo("ReplicaSet \"" + rs + "\" has timed out progressing.");
    assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
  }

  @Test
  void aPausedDeploymentScalesButDoesNotRollOut() {
    String ns = newNamespace();
    create(ns, "held", "nginx:1.27", 1, b -> b);
    awaitComplete(ns, "held");
    edit(
        ns,
        "held",
        b -> withImage(b.editSpec().withPaused(true).withReplicas(2).endSpec(), "nginx:1.28"));

    Deployment d =
        awaitDeployment(
            ns,
            "held",
            Duration.ofSeconds(10),
            x ->
                condition(x, "Progressing") != null
                    && "DeploymentPaused".equals(condition(x, "Progressing").getReason())
                    && Integer.valueOf(2).equals(x.getStatus().getAvailableReplicas()));
    assertThat(condition(d, "Progressing").getStatus()).isEqualTo("Unknown");
    assertThat(condition(d, "Progressing").getMessage()).isEqualTo("Deployment is paused");
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(1);

    edit(ns, "held", b -> b.editSpec().withPaused(false).endSpec());
    awaitComplete(ns, "held");
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(2);
    assertThat(client.pods().inNamespace(ns).list().getItems())
        .allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1.28"));
  }

  @Test
  void foregroundDeletionWaitsForTheReplicaSetsAndPods() {
    String ns = newNamespace();
    create(ns, "fg", "nginx:1.27", 2, b -> b);
    awaitComplete(ns, "fg");

    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("fg")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND)
        .delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> get(ns, "fg") == null);
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void theNodeIsRegisteredReadyAndPodsAreBoundToIt() {
    var node = client.nodes().withName("flotilla").get();
    assertThat(node.getMetadata().getLabels())
        .containsEntry("kubernetes.io/hostname", "flotilla")
        .containsKey("node-role.kubernetes.io/control-plane");
    assertThat(node.getStatus().getConditions())
        .anyMatch(
            c ->
                c.getType().equals("Ready")
                    && c.getStatus().equals("True")
                    && c.getReason().equals("KubeletReady"));
    assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0");
    assertThat(node.getStatus().getAddresses())
        .extracting(a -> a.getType() + "=" + a.getAddress())
        .containsExactly("InternalIP=10.0.0.1", "Hostname=flotilla");

    String ns = newNamespace();
    create(ns, "one", "nginx:1.27", 1, b -> b);
    awaitComplete(ns, "one");
    Pod pod = client.pods().inNamespace(ns).list().getItems().get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("flotilla");
    assertThat(pod.getMetadata().getOwnerReferences())
        .extracting(r -> r.getKind() + " " + r.getController() + " " + r.getBlockOwnerDeletion())
        .containsExactly("ReplicaSet true true");
  }

  @Test
  void aLoadBalancerServiceGetsTheNodeAddressAndLosesItAsClusterIp() {
    String ns = newNamespace();
    client.services().inNamespace(ns).resource(service("edge", "LoadBalancer", "edge")).create();
    var svc = client.services().inNamespace(ns).withName("edge");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(svc.get().getStatus().getLoadBalancer().getIngress())
                    .singleElement()
                    .satisfies(i -> assertThat(i.getIp()).isNotBlank()));
    svc.edit(
        s ->
            new io.fabric8.kubernetes.api.model.ServiceBuilder(s)
                .editSpec()
                .withType("ClusterIP")
                .endSpec()
                .build());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(svc.get().getStatus().getLoadBalancer().getIngress()).isEmpty());
  }
}
