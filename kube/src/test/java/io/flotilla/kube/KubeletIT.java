package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubeletIT extends KubeTestSupport {

  private static DeploymentCondition condition(Deployment d, String type) {
    return d.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aDeploymentBecomesAvailableLikeOnAHealthyCluster() {
    String ns = newNamespace();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(CrudIT.deployment(ns, "web", "nginx:1.27"))
        .create();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getReplicas()).isEqualTo(2);
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
              assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
              assertThat(condition(d, "Progressing").getReason())
                  .isEqualTo("NewReplicaSetAvailable");
            });
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("web")
        .edit(
            x ->
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(x)
                    .editSpec()
                    .withReplicas(3)
                    .endSpec()
                    .build());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
              assertThat(d.getStatus().getObservedGeneration()).isEqualTo(2);
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
            });
  }

  @Test
  void anImageTaggedFailNeverBecomesAvailable() {
    String ns = newNamespace();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(CrudIT.deployment(ns, "broken", "example.com/app:fail"))
        .create();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Deployment d = client.apps().deployments().inNamespace(ns).withName("broken").get();
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getObservedGeneration()).isEqualTo(1);
              assertThat(d.getStatus().getAvailableReplicas()).isNull();
              assertThat(condition(d, "Available").getStatus()).isEqualTo("False");
            });
  }

  @Test
  void jobsCompletePodsRunClaimsBindServicesGetAClusterIp() {
    String ns = newNamespace();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withName("once")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("c")
                .withImage("busybox:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("nginx:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(ns)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    var svc =
        client
            .services()
            .inNamespace(ns)
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("svc")
                    .endMetadata()
                    .withNewSpec()
                    .addToSelector("app", "x")
                    .addNewPort()
                    .withPort(80)
                    .endPort()
                    .endSpec()
                    .build())
            .create();
    assertThat(svc.getSpec().getClusterIP()).matches("10\\.96\\.\\d+\\.\\d+");
    assertThat(svc.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              var job = client.batch().v1().jobs().inNamespace(ns).withName("once").get();
              assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
              assertThat(job.getStatus().getConditions())
                  .anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True"));
              var pod = client.pods().inNamespace(ns).withName("p").get();
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
              assertThat(pod.getStatus().getConditions())
                  .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
              assertThat(
                      client
                          .persistentVolumeClaims()
                          .inNamespace(ns)
                          .withName("data")
                          .get()
                          .getStatus()
                          .getPhase())
                  .isEqualTo("Bound");
            });
  }

  @Test
  void withoutTheKubeletNothingReportsStatus() throws Exception {
    try (EmbeddedKubeApi quiet =
            EmbeddedKubeApi.start(KubeApiOptions.defaults().withSimulateKubelet(false));
        var c = clientFor(quiet)) {
      c.apps()
          .deployments()
          .inNamespace("default")
          .resource(CrudIT.deployment("default", "idle", "nginx:1"))
          .create();
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(
              () ->
                  c.apps().deployments().inNamespace("default").withName("idle").get().getStatus()
                      == null);
    }
  }
}
