package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * What the workload controllers share: the control plane they act through, and that a workload
 * being deleted is no longer driven (its Pods and ReplicaSets are the garbage collector's then).
 */
abstract class WorkloadLoop implements ControlLoop {
  final ControlPlane cp;

  WorkloadLoop(ControlPlane cp) {
    this.cp = cp;
  }

  @Override
  public final Duration reconcile(ObjectNode workload) {
    return ControlPlane.deleting(workload) ? null : sync(workload);
  }

  /** One step for a workload that is not being deleted; when to look again, or null. */
  abstract Duration sync(ObjectNode workload);
}
