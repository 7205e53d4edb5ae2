package io.flotilla.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The status the Job controller (1.32) reports, one step per kubelet tick: a Job starts with one
 * active pod; a good one then completes ({@code SuccessCriteriaMet}, then {@code Complete}); one
 * whose image is tagged {@code fail} counts a failed pod per tick and, once more pods have failed
 * than {@code backoffLimit} allows, gets {@code FailureTarget} and then {@code Failed}, both
 * BackoffLimitExceeded. No Pods are created for it.
 */
final class JobStatuses {
  /** kube-apiserver's default for {@code spec.backoffLimit}. */
  static final int DEFAULT_BACKOFF_LIMIT = 6;

  private JobStatuses() {}

  /** The next status, or null when there is nothing to change (suspended, or finished). */
  static ObjectNode desired(JsonNode spec, JsonNode old) {
    if (spec.path("suspend").asBoolean(false) && !old.has("startTime")) {
      return null; // a suspended Job runs no pods until it is resumed
    }
    for (JsonNode c : old.path("conditions")) {
      String type = c.path("type").asText();
      if ((type.equals("Complete") || type.equals("Failed"))
          && c.path("status").asText().equals("True")) {
        return null;
      }
    }
    String now = Json.now();
    ObjectNode s = Json.object();
    if (!Kubelet.failing(spec.path("template").path("spec"))) {
      ArrayNode conds = s.putArray("conditions");
      conds.add(
          condition(
              "SuccessCriteriaMet",
              "CompletionsReached",
              "Reached expected number of succeeded pods",
              now));
      conds.add(
          condition(
              "Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
      s.put("startTime", old.path("startTime").asText(now));
      s.put("completionTime", now);
      s.put("succeeded", spec.path("completions").asInt(1));
      return counters(s);
    }
    // the first tick starts a pod; each later one sees it fail and starts the next
    int failed = old.has("startTime") ? old.path("failed").asInt(0) + 1 : 0;
    int backoffLimit = spec.path("backoffLimit").asInt(DEFAULT_BACKOFF_LIMIT);
    if (failed > backoffLimit) {
      ArrayNode conds = s.putArray("conditions");
      String message = "Job has reached the specified backoff limit";
      conds.add(condition("FailureTarget", "BackoffLimitExceeded", message, now));
      conds.add(condition("Failed", "BackoffLimitExceeded", message, now));
    }
    s.put("startTime", old.path("startTime").asText(now));
    if (failed <= backoffLimit) {
      s.put("active", 1);
    }
    if (failed > 0) {
      s.put("failed", failed);
    }
    return counters(s);
  }

  private static ObjectNode counters(ObjectNode s) {
    s.put("terminating", 0);
    s.putObject("uncountedTerminatedPods");
    s.put("ready", 0);
    return s;
  }

  private static ObjectNode condition(String type, String reason, String message, String now) {
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", "True");
    c.put("lastProbeTime", now);
    c.put("lastTransitionTime", now);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }
}
