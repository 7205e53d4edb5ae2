package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A Deployment's Available and Progressing conditions, with the reasons, messages and timestamp
 * rules of {@code pkg/controller/deployment} ({@code SetDeploymentCondition}, {@code
 * syncRolloutStatus}, {@code DeploymentTimedOut}).
 */
final class DeploymentConditions {
  private static final String PROGRESSING = "Progressing";
  private static final String COMPLETE = "NewReplicaSetAvailable";
  private static final String TIMED_OUT = "ProgressDeadlineExceeded";
  private static final String PAUSED = "DeploymentPaused";

  private DeploymentConditions() {}

  static void available(ArrayNode conditions, boolean enough) {
    set(
        conditions,
        enough
            ? condition(
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.")
            : condition(
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability."));
  }

  /**
   * Progressing for the status {@code s} about to be written ({@code d.status} is the one before);
   * returns when the progress deadline falls, if the rollout is still under way.
   */
  static Duration progressing(ObjectNode d, ObjectNode s, ArrayNode conditions, String newRs) {
    ObjectNode current = find(conditions, PROGRESSING);
    String reason = current == null ? null : Json.text(current, "reason");
    JsonNode deadline = d.path("spec").get("progressDeadlineSeconds");
    if (d.path("spec").path("paused").asBoolean(false)) {
      if (!PAUSED.equals(reason)) {
        set(conditions, condition(PROGRESSING, "Unknown", PAUSED, "Deployment is paused"));
      }
      return null;
    }
    if (PAUSED.equals(reason)) {
      set(
          conditions,
          condition(PROGRESSING, "Unknown", "DeploymentResumed", "Deployment is resumed"));
      return null;
    }
    if (deadline == null || !deadline.isNumber()) {
      remove(conditions, PROGRESSING);
      return null;
    }
    if (s.path("replicas").asInt(0) == s.path("updatedReplicas").asInt(0)
        && COMPLETE.equals(reason)) {
      return null; // a finished rollout stays finished until the next one
    }
    String subject =
        newRs == null
            ? "Deployment \"" + Json.text(d, "metadata", "name") + "\""
            : "ReplicaSet \"" + newRs + "\"";
    boolean complete = DeploymentController.complete(d, s);
    if (complete) {
      set(
          conditions,
          condition(PROGRESSING, "True", COMPLETE, subject + " has successfully progressed."));
      return null;
    }
    if (progressed(d.path("status"), s)) {
      // progress refreshes lastUpdateTime even with the same reason, keeping the transition time
      ObjectNode c =
          condition(PROGRESSING, "True", "ReplicaSetUpdated", subject + " is progressing.");
      if (current != null && "True".equals(Json.text(current, "status"))) {
        c.set("lastTransitionTime", current.get("lastTransitionTime"));
      }
      remove(conditions, PROGRESSING);
      set(conditions, c);
    } else if (timedOut(deadline.asInt(), current)) {
      set(
          conditions,
          condition(PROGRESSING, "False", TIMED_OUT, subject + " has timed out progressing."));
    }
    ObjectNode p = find(conditions, PROGRESSING);
    if (p == null || TIMED_OUT.equals(Json.text(p, "reason"))) {
      return null;
    }
    Instant at = Instant.parse(Json.text(p, "lastUpdateTime")).plusSeconds(deadline.asInt());
    Duration left = Duration.between(Instant.now(), at).plusSeconds(1);
    return left.isNegative() ? Duration.ofSeconds(1) : left;
  }

  /** {@code DeploymentProgressing}: more updated, fewer old, more ready or more available. */
  private static boolean progressed(JsonNode before, JsonNode after) {
    int oldBefore = before.path("replicas").asInt(0) - before.path("updatedReplicas").asInt(0);
    int oldAfter = after.path("replicas").asInt(0) - after.path("updatedReplicas").asInt(0);
    return after.path("updatedReplicas").asInt(0) > before.path("updatedReplicas").asInt(0)
        || oldAfter < oldBefore
        || after.path("readyReplicas").asInt(0) > before.path("readyReplicas").asInt(0)
        || after.path("availableReplicas").asInt(0) > before.path("availableReplicas").asInt(0);
  }

  private static boolean timedOut(int deadlineSeconds, ObjectNode progressing) {
    if (progressing == null || COMPLETE.equals(Json.text(progressing, "reason"))) {
      return false;
    }
    if (TIMED_OUT.equals(Json.text(progressing, "reason"))) {
      return true;
    }
    return Instant.parse(Json.text(progressing, "lastUpdateTime"))
        .plusSeconds(deadlineSeconds)
        .isBefore(Instant.now());
  }

  static ObjectNode condition(String type, String status, String reason, String message) {
    return WorkloadConditions.of(type, status, "lastUpdateTime", Json.now(), reason, message);
  }

  private static ObjectNode find(ArrayNode conditions, String type) {
    for (JsonNode c : conditions) {
      if (type.equals(Json.text(c, "type"))) {
        return (ObjectNode) c;
      }
    }
    return null;
  }

  private static void remove(ArrayNode conditions, String type) {
    for (int i = conditions.size() - 1; i >= 0; i--) {
      if (type.equals(Json.text(conditions.get(i), "type"))) {
        conditions.remove(i);
      }
    }
  }

  /**
   * {@code SetDeploymentCondition}: nothing changes when status and reason are the same; the
   * transition time stays when only the reason changes; the condition moves to the end.
   */
  static void set(ArrayNode conditions, ObjectNode c) {
    ObjectNode current = find(conditions, Json.text(c, "type"));
    if (current != null
        && Json.text(current, "status").equals(Json.text(c, "status"))
        && Objects.equals(Json.text(current, "reason"), Json.text(c, "reason"))) {
      return;
    }
    if (current != null && Json.text(current, "status").equals(Json.text(c, "status"))) {
      c.set("lastTransitionTime", current.get("lastTransitionTime"));
    }
    remove(conditions, Json.text(c, "type"));
    conditions.add(c);
  }
}
