package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KubeletIT extends KubeTestSupport {

  private static DeploymentCondition condition(Deployment d, String type) {
    return d.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Creates a Deployment in a fresh namespace and waits until it passes {@code check}; the
   * namespace.
   */
  private static String deployed(String name, String image, Consumer<Deployment> check) {
    String ns = newNamespace();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(CrudIT.deployment(ns, name, image))
        .create();
    awaitDeployment(ns, name, check);
    return ns;
  }

  /** Waits until the Deployment, read again each time, passes {@code check}. */
  private static void awaitDeployment(String ns, String name, Consumer<Deployment> check) {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> check.accept(client.apps().deployments().inNamespace(ns).withName(name).get()));
  }

  @Test
  void aDeploymentBecomesAvailableLikeOnAHealthyCluster() {
    String ns =
        deployed(
            "web",
            "nginx:1.27",
            d -> {
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
    awaitDeployment(
        ns,
        "web",
        d -> {
          assertThat(d.getStatus().getObservedGeneration()).isEqualTo(2);
          assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
        });
  }

  @Test
  void anImageTaggedFailNeverBecomesAvailable() {
    deployed(
        "broken",
        "example.com/app:fail",
        d -> {
          assertThat(d.getStatus()).isNotNull();
          assertThat(d.getStatus().getObservedGeneration()).isEqualTo(1);
          assertThat(d.getStatus().getAvailableReplicas()).isNull();
          assertThat(condition(d, "Available").getStatus()).isEqualTo("False");
        });
  }

  @Test
  void jobsCompletePodsRunClaimsBindServicesGetAClusterIp() {
    String ns = newNamespace();
    createJob(ns, "once", "Never", "busybox:1", null);
    pod(ns, "p", null, "nginx:1");
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
    var svc = client.services().inNamespace(ns).resource(service("svc", null, "x")).create();
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

  private static io.fabric8.kubernetes.api.model.Pod pod(
      String ns, String name, String restartPolicy, String image) {
    return client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withSpec(podSpec(restartPolicy, image))
                .build())
        .create();
  }

  /** One container, {@code c}, running {@code image}. */
  private static PodSpec podSpec(String restartPolicy, String image) {
    return new PodSpecBuilder()
        .withRestartPolicy(restartPolicy)
        .addNewContainer()
        .withName("c")
        .withImage(image)
        .endContainer()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Pod awaitPhase(
      String ns, String name, String phase) {
    return await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> client.pods().inNamespace(ns).withName(name).get(),
            p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase()));
  }

  private static String conditions(io.fabric8.kubernetes.api.model.Pod p) {
    return p.getStatus().getConditions().stream()
        .map(
            c ->
                c.getType()
                    + "="
                    + c.getStatus()
                    + (c.getReason() == null ? "" : "/" + c.getReason()))
        .toList()
        .toString();
  }

  /**
   * A Pod that does not restart, run to {@code phase} with these conditions; its container's
   * status.
   */
  private static io.fabric8.kubernetes.api.model.ContainerStatus ranOnce(
      String name, String image, String phase, String conditions) {
    String ns = newNamespace();
    pod(ns, name, "Never", image);
    var p = awaitPhase(ns, name, phase);
    assertThat(conditions(p)).isEqualTo(conditions);
    return p.getStatus().getContainerStatuses().get(0);
  }

  @Test
  void aPodThatDoesNotRestartSucceedsLikeAHelmTestPod() {
    var c =
        ranOnce(
            "test-connection",
            "busybox:1",
            "Succeeded",
            "[PodReadyToStartContainers=False, Initialized=True/PodCompleted,"
                + " Ready=False/PodCompleted, ContainersReady=False/PodCompleted, PodScheduled=True]");
    assertThat(c.getReady()).isFalse();
    assertThat(c.getStarted()).isFalse();
    assertThat(c.getState().getTerminated().getExitCode()).isZero();
    assertThat(c.getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(c.getState().getTerminated().getFinishedAt()).isNotNull();
  }

  @Test
  void aPodThatDoesNotRestartFailsWhenItsImageIsTaggedFail() {
    var t =
        ranOnce(
                "hook",
                "busybox:fail",
                "Failed",
                "[PodReadyToStartContainers=False, Initialized=True, Ready=False/PodFailed,"
                    + " ContainersReady=False/PodFailed, PodScheduled=True]")
            .getState()
            .getTerminated();
    assertThat(t.getExitCode()).isEqualTo(1);
    assertThat(t.getReason()).isEqualTo("Error");
  }

  @Test
  void anOnFailurePodWhoseContainerFailsKeepsRestartingAsUnderAKubelet() {
    String ns = newNamespace();
    pod(ns, "retry", "OnFailure", "busybox:fail");

    var p =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> client.pods().inNamespace(ns).withName("retry").get(),
                x -> x.getStatus() != null && x.getStatus().getContainerStatuses() != null);

    assertThat(p.getStatus().getPhase()).isEqualTo("Running");
    var c = p.getStatus().getContainerStatuses().get(0);
    assertThat(c.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(c.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(c.getRestartCount()).isEqualTo(1);
    assertThat(conditions(p))
        .contains("Ready=False/ContainersNotReady", "ContainersReady=False/ContainersNotReady");
  }

  @Test
  void aJobWhosePodsFailCountsThemAndFailsPastItsBackoffLimit() {
    String ns = newNamespace();
    java.util.List<Integer> failedSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(ns)
            .watch(
                new io.fabric8.kubernetes.client.Watcher<>() {
                  @Override
                  public void eventReceived(
                      Action action, io.fabric8.kubernetes.api.model.batch.v1.Job job) {
                    if (job.getStatus() != null && job.getStatus().getFailed() != null) {
                      failedSeen.add(job.getStatus().getFailed());
                    }
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
                })) {
      createJob(ns, "migrate", "Never", "example.com/migrate:fail", 2);

      var job =
          await()
              .atMost(Duration.ofSeconds(5))
              .until(
                  () -> client.batch().v1().jobs().inNamespace(ns).withName("migrate").get(),
                  j ->
                      j.getStatus() != null
                          && j.getStatus().getConditions().stream()
                              .anyMatch(c -> c.getType().equals("Failed")));

      assertThat(job.getStatus().getFailed()).isEqualTo(3);
      assertThat(job.getStatus().getActive()).isNull();
      assertThat(job.getStatus().getCompletionTime()).isNull();
      assertThat(job.getStatus().getConditions())
          .extracting(
              c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
          .containsExactly(
              "FailureTarget=True/BackoffLimitExceeded: Job has reached the specified backoff limit",
              "Failed=True/BackoffLimitExceeded: Job has reached the specified backoff limit");
      // each failure is counted once, in order (a count repeats while other fields change)
      await()
          .untilAsserted(
              () -> assertThat(failedSeen.stream().distinct().toList()).containsExactly(1, 2, 3));
      assertThat(failedSeen).isSorted();
    }
  }

  @Test
  void aGoodJobMeetsItsSuccessCriteriaThenCompletes() {
    String ns = newNamespace();
    createJob(ns, "ok", "OnFailure", "busybox:1", null);

    var job =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> client.batch().v1().jobs().inNamespace(ns).withName("ok").get(),
                j -> j.getStatus() != null && j.getStatus().getCompletionTime() != null);

    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getStatus().getFailed()).isNull();
    assertThat(job.getStatus().getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly(
            "SuccessCriteriaMet=True/CompletionsReached", "Complete=True/CompletionsReached");
  }

  private static void createJob(
      String ns, String name, String restartPolicy, String image, Integer backoffLimit) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(backoffLimit)
                .withNewTemplate()
                .withSpec(podSpec(restartPolicy, image))
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }
}
