package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kstatus rule: a live object as YAML in, a status and reason out. */
class KStatusTest {

  static KStatus.Result status(String yaml) {
    return KStatus.compute(Yaml.tree(yaml));
  }

  static void expect(String yaml, HealthStatus status, String message) {
    KStatus.Result result = status(yaml);
    assertThat(result.status()).as(result.message()).isEqualTo(status);
    assertThat(result.message()).isEqualTo(message);
  }

  @Nested
  class Generic {
    @Test
    void deletionTimestampMeansTerminating() {
      expect(
          """
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: a, deletionTimestamp: "2026-01-01T00:00:00Z"}
          """,
          HealthStatus.TERMINATING,
          "Resource scheduled for deletion");
    }

    @Test
    void unobservedGenerationIsInProgress() {
      expect(
          """
          apiVersion: example.com/v1
          kind: Widget
          metadata: {name: w, generation: 3}
          status:
            observedGeneration: 2
            conditions: [{type: Ready, status: "True"}]
          """,
          HealthStatus.IN_PROGRESS,
          "Widget generation is 3, but latest observed generation is 2");
    }

    @Test
    void anythingElseIsCurrentOnceItExists() {
      expect(
          """
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: deny, namespace: apps}
          spec: {podSelector: {}}
          """,
          HealthStatus.CURRENT,
          "Resource is current");
      expect(
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
          HealthStatus.CURRENT,
          "Resource is always ready");
    }
  }

  @Nested
  class CustomResources {
    @Test
    void readyTrueIsCurrent() {
      expect(
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: GitRepository
          metadata: {name: podinfo, generation: 2}
          status:
            observedGeneration: 2
            conditions: [{type: Ready, status: "True", reason: Succeeded, message: stored artifact}]
          """,
          HealthStatus.CURRENT,
          "Resource is Ready");
    }

    @Test
    void readyFalseIsInProgressWithItsMessage() {
      expect(
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: GitRepository
          metadata: {name: podinfo}
          status:
            conditions: [{type: Ready, status: "False", reason: GitOperationFailed, message: auth failed}]
          """,
          HealthStatus.IN_PROGRESS,
          "auth failed");
    }
  }

  @Nested
  class Deployments {
    static final String HEAD = PodinfoRollout.SPEC;

    @Test
    void rolledOutIsCurrent() {
      expect(PodinfoRollout.done(), HealthStatus.CURRENT, "Deployment is available. Replicas: 1");
    }

    @Test
    void unavailableReplicasAreInProgress() {
      expect(PodinfoRollout.unavailable(), HealthStatus.IN_PROGRESS, "Available: 0/1");
    }

    @Test
    void noStatusYetIsInProgress() {
      expect(HEAD, HealthStatus.IN_PROGRESS, "Replicas: 0/1");
    }

    @Test
    void oldGenerationIsInProgress() {
      expect(
          HEAD.replace("generation: 1", "generation: 2") + "status: {observedGeneration: 1}\n",
          HealthStatus.IN_PROGRESS,
          "Deployment generation is 2, but latest observed generation is 1");
    }

    @Test
    void progressDeadlineExceededIsFailed() {
      expect(
          HEAD
              + """
              status:
                observedGeneration: 1
                replicas: 1
                updatedReplicas: 1
                conditions:
                - {type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: "ReplicaSet \\"podinfo-1\\" has timed out progressing."}
              """,
          HealthStatus.FAILED,
          "Progress deadline exceeded: ReplicaSet \"podinfo-1\" has timed out progressing.");
    }

    @Test
    void imagePullFailureIsFailed() {
      KStatus.Result result =
          status(
              HEAD
                  + """
                  status:
                    observedGeneration: 1
                    replicas: 1
                    conditions:
                    - {type: ReplicaFailure, status: "True", reason: ErrImagePull, message: "image ghcr.io/podinfo:fail not found"}
                  """);
      assertThat(result.status()).isEqualTo(HealthStatus.FAILED);
      assertThat(result.message()).startsWith("Image pull failed");
    }
  }

  @Nested
  class Workloads {
    @Test
    void statefulSet() {
      String sts =
          """
          apiVersion: apps/v1
          kind: StatefulSet
          metadata: {name: db, generation: 1}
          spec: {replicas: 2}
          status:
            observedGeneration: 1
            replicas: 2
            readyReplicas: %d
            currentReplicas: 2
            updatedReplicas: 2
            currentRevision: db-1
            updateRevision: db-1
          """;
      expect(sts.formatted(1), HealthStatus.IN_PROGRESS, "Ready: 1/2");
      expect(
          sts.formatted(2),
          HealthStatus.CURRENT,
          "All replicas scheduled as expected. Replicas: 2");
      expect(
          sts.formatted(2).replace("updateRevision: db-1", "updateRevision: db-2"),
          HealthStatus.IN_PROGRESS,
          "Waiting for updated revision to match current");
    }

    @Test
    void daemonSet() {
      expect(
          """
          apiVersion: apps/v1
          kind: DaemonSet
          metadata: {name: agent, generation: 1}
          status: {observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2, numberReady: 2}
          """,
          HealthStatus.IN_PROGRESS,
          "Available: 2/3");
      expect(
          """
          apiVersion: apps/v1
          kind: DaemonSet
          metadata: {name: agent, generation: 1}
          """,
          HealthStatus.IN_PROGRESS,
          "DaemonSet status.observedGeneration not found");
    }

    @Test
    void replicaSet() {
      expect(
          """
          apiVersion: apps/v1
          kind: ReplicaSet
          metadata: {name: rs}
          spec: {replicas: 1}
          status: {replicas: 1, fullyLabeledReplicas: 1, availableReplicas: 1, readyReplicas: 1}
          """,
          HealthStatus.CURRENT,
          "ReplicaSet is available. Replicas: 1");
    }
  }

  /** Kinds judged by their phase or conditions alone: object, status (if any), result. */
  @Nested
  class PhasesAndConditions {
    static final Map<String, String> OBJECTS =
        Map.of(
            "Job",
                "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec: {completions: 1}\n",
            "Pod", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
            "PVC", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\n",
            "LoadBalancer",
                "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: LoadBalancer, clusterIP: 10.0.0.1}\n",
            "ClusterIP",
                "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: ClusterIP}\n",
            "Namespace", "apiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n",
            "CRD",
                "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n",
            "Kustomization",
                "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\n");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            Job          |                                                                               | IN_PROGRESS | Job not started
            Job          | {startTime: "2026-01-01T00:00:00Z", active: 1}                                | CURRENT     | Job in progress. success:0, active: 1, failed: 0
            Job          | {succeeded: 1, conditions: [{type: Complete, status: "True"}]}                | CURRENT     | Job Completed. succeeded: 1/1
            Job          | {failed: 1, conditions: [{type: Failed, status: "True"}]}                     | FAILED      | Job Failed. failed: 1/1
            Pod          |                                                                               | IN_PROGRESS | Pod phase not available
            Pod          | {phase: Running, conditions: [{type: Ready, status: "True"}]}                 | CURRENT     | Pod is Ready
            Pod          | {phase: Succeeded}                                                            | CURRENT     | Pod has completed successfully
            Pod          | {phase: Running, containerStatuses: [{name: app, state: {waiting: {reason: CrashLoopBackOff}}}]} | FAILED | Containers in CrashLoop state: app
            Pod          | {phase: Pending, containerStatuses: [{name: app, state: {waiting: {reason: ImagePullBackOff}}}]} | FAILED | Containers failing to pull their image: app
            Pod          | {phase: Pending}                                                              | IN_PROGRESS | Pod is in the Pending phase
            PVC          | {phase: Pending}                                                              | IN_PROGRESS | PVC is not Bound. phase: Pending
            PVC          | {phase: Bound}                                                                | CURRENT     | PVC is Bound
            LoadBalancer |                                                                               | IN_PROGRESS | LoadBalancer ingress not assigned. Service type: LoadBalancer
            LoadBalancer | {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}                                    | CURRENT     | Service is ready
            ClusterIP    |                                                                               | CURRENT     | Service is ready
            Namespace    | {phase: Active}                                                               | CURRENT     | Namespace is active
            Namespace    | {phase: Terminating}                                                          | TERMINATING | Namespace is terminating
            CRD          |                                                                               | IN_PROGRESS | Install in progress
            CRD          | {conditions: [{type: Established, status: "True"}]}                           | CURRENT     | CRD is established
            CRD          | {conditions: [{type: NamesAccepted, status: "False", reason: KindConflict, message: "kind Widget is already in use"}]} | FAILED | kind Widget is already in use
            Kustomization | {conditions: [{type: Reconciling, status: "True", reason: Progressing, message: "Building manifests"}, {type: Ready, status: Unknown}]} | IN_PROGRESS | Building manifests
            Kustomization | {conditions: [{type: Stalled, status: "True", reason: InvalidPath, message: "path not found"}, {type: Ready, status: "False"}]} | FAILED | path not found
            """)
    void statusOf(String object, String status, HealthStatus expected, String message) {
      expect(
          OBJECTS.get(object) + (status == null ? "" : "status: " + status + "\n"),
          expected,
          message);
    }
  }

  @Nested
  class FluxKinds {
    static String helmRelease(int generation, String status) {
      return """
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata: {name: podinfo, generation: %d}
          """
              .formatted(generation)
          + status;
    }

    static final String READY =
        """
        conditions:
        - {type: Ready, status: "True", reason: UpgradeSucceeded, message: done}
        """;

    @Test
    void aReleaseItsControllerHasNotSeenIsInProgress() {
      expect(
          helmRelease(1, ""),
          HealthStatus.IN_PROGRESS,
          "HelmRelease status.observedGeneration not found");
      expect(
          helmRelease(1, "status: {observedGeneration: 1}\n"),
          HealthStatus.IN_PROGRESS,
          "HelmRelease has no Ready condition yet");
    }

    @Test
    void readyForTheCurrentGenerationIsCurrent() {
      String observed2 = "status:\n  observedGeneration: 2\n" + READY.indent(2);
      expect(helmRelease(2, observed2), HealthStatus.CURRENT, "Resource is Ready");
      expect(
          helmRelease(3, observed2),
          HealthStatus.IN_PROGRESS,
          "HelmRelease generation is 3, but latest observed generation is 2");
    }

    @Test
    void anOciHelmRepositoryIsDataOnly() {
      expect(
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: HelmRepository
          metadata: {name: charts, generation: 1}
          spec: {type: oci, url: "oci://registry.example/charts"}
          """,
          HealthStatus.CURRENT,
          "Resource is current");
      expect(
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: HelmRepository
          metadata: {name: charts, generation: 1}
          spec: {url: "https://charts.example"}
          """,
          HealthStatus.IN_PROGRESS,
          "HelmRepository status.observedGeneration not found");
    }
  }
}
