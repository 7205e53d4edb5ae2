package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;

/** A workload condition as the controllers write it, fields in their order. */
final class WorkloadConditions {
  private WorkloadConditions() {}

  /**
   * @param timeField the kind's own time besides lastTransitionTime: Deployments keep {@code
   *     lastUpdateTime}, Jobs {@code lastProbeTime}
   */
  static ObjectNode of(
      String type, String status, String timeField, String now, String reason, String message) {
    return Json.fields(
        "type",
        type,
        "status",
        status,
        timeField,
        now,
        "lastTransitionTime",
        now,
        "reason",
        reason,
        "message",
        message);
  }
}
