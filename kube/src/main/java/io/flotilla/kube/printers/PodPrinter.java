package io.flotilla.kube.printers;

import static io.flotilla.kube.printers.PrinterText.NONE;
import static io.flotilla.kube.printers.PrinterText.str;
import static io.flotilla.kube.printers.TableColumn.AGE;
import static io.flotilla.kube.printers.TableColumn.NAME;
import static io.flotilla.kube.printers.TableColumn.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.kube.base.HumanDuration;
import io.flotilla.kube.base.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pod table: READY, the STATUS kubectl users know (Running, Completed, ErrImagePull,
 * CrashLoopBackOff, Init:0/1, Terminating, ...), RESTARTS with the last restart's age, and in wide
 * output IP, NODE, NOMINATED NODE and READINESS GATES, computed as kube-apiserver 1.32 does.
 */
final class PodPrinter {
  private PodPrinter() {}

  static final Printer PRINTER =
      new Printer(
          List.of(
              NAME,
              string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
              string("Status", "The aggregate status of the containers in this pod."),
              string(
                  "Restarts",
                  "The number of times the containers in this pod have been restarted and when"
                      + " the last container in this pod has restarted."),
              AGE,
              string(
                      "IP",
                      "podIP address allocated to the pod. Routable at least within the cluster."
                          + " Empty if not yet allocated.")
                  .wide(),
              string("Node", "NodeName indicates in which node this pod is scheduled.").wide(),
              string(
                      "Nominated Node",
                      "nominatedNodeName is set only when this pod preempts other pods on the"
                          + " node, but it cannot be scheduled right away as preemption victims"
                          + " receive their graceful termination periods.")
                  .wide(),
              string(
                      "Readiness Gates",
                      "If specified, all readiness gates will be evaluated for pod readiness.")
                  .wide()),
          PodPrinter::cells,
          PodPrinter::conditions);

  /** What the row shows for one pod. */
  record Summary(int ready, int total, String status, int restarts, Instant lastRestart) {}

  private static void cells(JsonNode pod, Instant now, ArrayNode out) {
    Summary s = summarize(pod);
    String restarts = Integer.toString(s.restarts());
    if (s.restarts() != 0 && s.lastRestart() != null) {
      restarts += " (" + HumanDuration.between(s.lastRestart(), now) + " ago)";
    }
    out.add(PrinterText.name(pod));
    out.add(s.ready() + "/" + s.total());
    out.add(s.status());
    out.add(restarts);
    out.add(PrinterText.age(pod, now));
    JsonNode status = pod.path("status");
    // podIPs wins; a pod written with only podIP has it converted into podIPs[0]
    String ip = str(status.path("podIPs").path(0), "ip");
    if (ip.isEmpty()) {
      ip = str(status, "podIP");
    }
    out.add(PrinterText.orNone(ip));
    out.add(PrinterText.orNone(str(pod, "spec", "nodeName")));
    out.add(PrinterText.orNone(str(status, "nominatedNodeName")));
    out.add(readinessGates(pod));
  }

  static Summary summarize(JsonNode pod) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    int restarts = 0;
    int restartableInitRestarts = 0;
    int total = spec.path("containers").size();
    int ready = 0;
    Instant lastRestart = null;
    Instant lastRestartableInitRestart = null;
    String phase = str(status, "phase");
    String reason = status.path("reason").asText("").isEmpty() ? phase : str(status, "reason");
    for (JsonNode c : status.path("conditions")) {
      if (str(c, "type").equals("PodScheduled") && str(c, "reason").equals("SchedulingGated")) {
        reason = "SchedulingGated";
      }
    }
    Map<String, Boolean> sidecar = new HashMap<>();
    for (JsonNode c : spec.path("initContainers")) {
      boolean restartable = str(c, "restartPolicy").equals("Always");
      sidecar.put(str(c, "name"), restartable);
      if (restartable) {
        total++;
      }
    }
    boolean initializing = false;
    JsonNode initStatuses = status.path("initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode c = initStatuses.get(i);
      boolean restartable = sidecar.getOrDefault(str(c, "name"), false);
      int count = c.path("restartCount").asInt();
      Instant finished = lastTerminated(c);
      restarts += count;
      lastRestart = later(lastRestart, finished);
      if (restartable) {
        restartableInitRestarts += count;
        lastRestartableInitRestart = later(lastRestartableInitRestart, finished);
      }
      JsonNode terminated = Json.at(c, "state", "terminated");
      JsonNode waiting = Json.at(c, "state", "waiting");
      if (terminated != null && terminated.path("exitCode").asInt() == 0) {
        continue;
      }
      if (restartable && c.path("started").asBoolean(false)) {
        if (c.path("ready").asBoolean(false)) {
          ready++;
        }
        continue;
      }
      if (terminated != null) {
        reason = "Init:" + exitText(terminated);
      } else if (waiting != null
          && !str(waiting, "reason").isEmpty()
          && !str(waiting, "reason").equals("PodInitializing")) {
        reason = "Init:" + str(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + spec.path("initContainers").size();
      }
      initializing = true;
      break;
    }
    if (!initializing || hasTrueCondition(status, "Initialized")) {
      restarts = restartableInitRestarts;
      lastRestart = lastRestartableInitRestart;
      boolean hasRunning = false;
      JsonNode statuses = status.path("containerStatuses");
      // the last container's state is read first: the first container's reason wins
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode c = statuses.get(i);
        restarts += c.path("restartCount").asInt();
        lastRestart = later(lastRestart, lastTerminated(c));
        JsonNode terminated = Json.at(c, "state", "terminated");
        String waitingReason = str(c, "state", "waiting", "reason");
        if (!waitingReason.isEmpty()) {
          reason = waitingReason;
        } else if (terminated != null) {
          reason = exitText(terminated);
        } else if (c.path("ready").asBoolean(false) && Json.at(c, "state", "running") != null) {
          hasRunning = true;
          ready++;
        }
      }
      if (reason.equals("Completed") && hasRunning) {
        reason = hasTrueCondition(status, "Ready") ? "Running" : "NotReady";
      }
    }
    if (Json.at(pod, "metadata", "deletionTimestamp") != null) {
      if (str(status, "reason").equals("NodeLost")) {
        reason = "Unknown";
      } else if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
        reason = "Terminating";
      }
    }
    return new Summary(ready, total, reason, restarts, lastRestart);
  }

  /** A terminated state's reason, or {@code Signal:N} / {@code ExitCode:N} without one. */
  private static String exitText(JsonNode terminated) {
    String reason = str(terminated, "reason");
    if (!reason.isEmpty()) {
      return reason;
    }
    long signal = terminated.path("signal").asLong();
    return signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asLong();
  }

  private static Instant lastTerminated(JsonNode containerStatus) {
    return HumanDuration.parseOrNull(
        Json.text(containerStatus, "lastState", "terminated", "finishedAt"));
  }

  private static Instant later(Instant a, Instant b) {
    return b != null && (a == null || a.isBefore(b)) ? b : a;
  }

  private static boolean hasTrueCondition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (str(c, "type").equals(type) && str(c, "status").equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static String readinessGates(JsonNode pod) {
    JsonNode gates = pod.path("spec").path("readinessGates");
    if (gates.isEmpty()) {
      return NONE;
    }
    int met = 0;
    for (JsonNode gate : gates) {
      for (JsonNode c : pod.path("status").path("conditions")) {
        if (str(c, "type").equals(str(gate, "conditionType"))) {
          if (str(c, "status").equals("True")) {
            met++;
          }
          break;
        }
      }
    }
    return met + "/" + gates.size();
  }

  private static ArrayNode conditions(JsonNode pod) {
    String phase = str(pod, "status", "phase");
    if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
      return null;
    }
    ArrayNode conds = Json.array();
    conds
        .addObject()
        .put("type", "Completed")
        .put("status", "True")
        .put("reason", phase)
        .put(
            "message",
            phase.equals("Succeeded") ? "The pod has completed successfully." : "The pod failed.");
    return conds;
  }
}
