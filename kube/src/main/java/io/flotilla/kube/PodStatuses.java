package io.flotilla.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The status a kubelet reports for a Pod. With {@code restartPolicy: Always} the containers run (an
 * image tagged {@code fail} waits in ImagePullBackOff); with {@code Never} or {@code OnFailure}
 * they run to completion: Succeeded with exit code 0, or, for an image tagged {@code fail}, exit
 * code 1 — Failed under Never, a container restarting in CrashLoopBackOff under OnFailure, as a
 * kubelet would.
 */
final class PodStatuses {
  private static final List<String> CONDITIONS =
      List.of(
          "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");

  private PodStatuses() {}

  private enum Outcome {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /**
   * The desired status, or null when the Pod has reached a terminal phase (kubelets stop there).
   */
  static ObjectNode desired(ObjectNode pod, JsonNode old) {
    String oldPhase = old.path("phase").asText("");
    if (oldPhase.equals("Succeeded") || oldPhase.equals("Failed")) {
      return null;
    }
    JsonNode spec = pod.path("spec");
    String restartPolicy = spec.path("restartPolicy").asText("Always");
    boolean fail = Kubelet.failing(spec);
    Outcome outcome;
    if (restartPolicy.equals("Always")) {
      outcome = Outcome.RUNNING;
    } else if (!fail) {
      outcome = Outcome.SUCCEEDED;
    } else {
      outcome = restartPolicy.equals("Never") ? Outcome.FAILED : Outcome.RUNNING;
    }
    String now = Json.now();
    String started = old.path("startTime").asText(now);
    ObjectNode s = Json.object();
    s.put(
        "phase",
        switch (outcome) {
          case RUNNING -> "Running";
          case SUCCEEDED -> "Succeeded";
          case FAILED -> "Failed";
        });
    ArrayNode statuses = Json.array();
    List<String> unready = new ArrayList<>();
    for (JsonNode c : spec.path("containers")) {
      boolean containerFails = fail && Kubelet.failing(singleContainer(c));
      ObjectNode st = containerStatus(c, restartPolicy, containerFails, started, now);
      if (!st.path("ready").asBoolean()) {
        unready.add(c.path("name").asText());
      }
      statuses.add(st);
    }
    ArrayNode conds = s.putArray("conditions");
    for (String type : CONDITIONS) {
      conds.add(condition(old, type, outcome, unready));
    }
    s.put("hostIP", "10.0.0.1");
    s.put(
        "podIP",
        "10.244.0." + (Math.abs(pod.path("metadata").path("uid").asText().hashCode()) % 250 + 2));
    s.put("startTime", started);
    s.set("containerStatuses", statuses);
    return s;
  }

  private static ObjectNode condition(
      JsonNode old, String type, Outcome outcome, List<String> unready) {
    String status = "True";
    String reason = null;
    String message = null;
    boolean readiness = type.equals("Ready") || type.equals("ContainersReady");
    switch (outcome) {
      case RUNNING -> {
        if (readiness && !unready.isEmpty()) {
          status = "False";
          reason = "ContainersNotReady";
          message = "containers with unready status: [" + String.join(" ", unready) + "]";
        }
      }
      case SUCCEEDED, FAILED -> {
        // the sandbox is gone once the pod is done; readiness ends with the pod's phase
        String done = outcome == Outcome.SUCCEEDED ? "PodCompleted" : "PodFailed";
        if (type.equals("PodReadyToStartContainers")) {
          status = "False";
        } else if (readiness) {
          status = "False";
          reason = done;
        } else if (type.equals("Initialized") && outcome == Outcome.SUCCEEDED) {
          reason = done;
        }
      }
    }
    ObjectNode c = Kubelet.cond(old, type, status, reason, message);
    c.remove("lastUpdateTime");
    c.put("lastProbeTime", (String) null);
    return c;
  }

  private static ObjectNode containerStatus(
      JsonNode c, String restartPolicy, boolean fails, String started, String now) {
    ObjectNode st = Json.object();
    st.put("name", c.path("name").asText());
    st.put("image", c.path("image").asText());
    st.put("imageID", "");
    ObjectNode state = Json.object();
    boolean running = false;
    int restarts = 0;
    if (restartPolicy.equals("Always")) {
      if (fails) {
        state.putObject("waiting").put("reason", "ImagePullBackOff");
      } else {
        state.putObject("running").put("startedAt", started);
        running = true;
      }
    } else if (fails && restartPolicy.equals("OnFailure")) {
      state
          .putObject("waiting")
          .put("reason", "CrashLoopBackOff")
          .put("message", "back-off 10s restarting failed container=" + c.path("name").asText());
      st.putObject("lastState").set("terminated", terminated(1, "Error", started, now));
      restarts = 1;
    } else {
      state.set(
          "terminated",
          fails ? terminated(1, "Error", started, now) : terminated(0, "Completed", started, now));
    }
    st.put("ready", running);
    st.put("started", running);
    st.put("restartCount", restarts);
    st.set("state", state);
    return st;
  }

  private static ObjectNode terminated(int exitCode, String reason, String started, String now) {
    ObjectNode t = Json.object();
    t.put("exitCode", exitCode);
    t.put("reason", reason);
    t.put("startedAt", started);
    t.put("finishedAt", now);
    return t;
  }

  private static JsonNode singleContainer(JsonNode c) {
    ObjectNode spec = Json.object();
    spec.putArray("containers").add(c);
    return spec;
  }
}
