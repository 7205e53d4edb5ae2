package io.flotilla.apply;

/** The one-replica Deployment {@code apps/podinfo} as YAML, and its rollout's status. */
final class PodinfoRollout {
  static final String SPEC =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: podinfo, namespace: apps, generation: 1}
      spec: {replicas: 1, progressDeadlineSeconds: 600}
      """;

  private static final String STATUS =
      """
      status:
        observedGeneration: 1
        replicas: 1
        updatedReplicas: 1
        readyReplicas: %1$d
        availableReplicas: %1$d
        conditions:
        - {type: Available, status: "%2$s", reason: %3$s}
        - {type: Progressing, status: "True", reason: %4$s}
      """;

  private PodinfoRollout() {}

  /** Rolled out: the replica is ready and available. */
  static String done() {
    return SPEC + STATUS.formatted(1, "True", "MinimumReplicasAvailable", "NewReplicaSetAvailable");
  }

  /** Still rolling out: the replica is updated, not yet available. */
  static String unavailable() {
    return SPEC + STATUS.formatted(0, "False", "MinimumReplicasUnavailable", "ReplicaSetUpdated");
  }
}
