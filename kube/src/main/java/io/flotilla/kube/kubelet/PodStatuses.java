package io.flotilla.kube.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.KindRules;
import io.flotilla.kube.base.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status a kubelet (1.32, containerd) reports for a Pod. With {@code restartPolicy: Always} the
 * containers run; an image tagged {@code fail} cannot be pulled: {@code ErrImagePull}, then {@code
 * ImagePullBackOff}, the Pod stays Pending. With {@code Never} or {@code OnFailure} they run to
 * completion: Succeeded with exit code 0, or, for an image tagged {@code fail}, exit code 1 —
 * Failed under Never, a container restarting in CrashLoopBackOff under OnFailure, as a kubelet
 * would.
 */
final class PodStatuses {
  private static final List<String> CONDITIONS =
      List.of(
          "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");

  private PodStatuses() {}

  private enum Outcome {
    RUNNING,
    PULL_FAILED,
    SUCCEEDED,
    FAILED
  }

  /**
   * The desired status, or null when the Pod has reached a terminal phase (kubelets stop there).
   */
  static ObjectNode desired(ObjectNode pod, JsonNode old, String hostIp) {
    String oldPhase = old.path("phase").asText("");
    if (oldPhase.equals("Succeeded") || oldPhase.equals("Failed")) {
      return null;
    }
    JsonNode spec = pod.path("spec");
    String restartPolicy = spec.path("restartPolicy").asText("Always");
    boolean fail = Kubelet.failing(spec);
    Outcome outcome;
    if (restartPolicy.equals("Always")) {
      outcome = fail ? Outcome.PULL_FAILED : Outcome.RUNNING;
    } else if (!fail) {
      outcome = Outcome.SUCCEEDED;
    } else {
      outcome = restartPolicy.equals("Never") ? Outcome.FAILED : Outcome.RUNNING;
    }
    String now = Json.now();
    String started = old.path("startTime").asText(now);
    String uid = pod.path("metadata").path("uid").asText();
    ObjectNode s = Json.object();
    s.put(
        "phase",
        switch (outcome) {
          case RUNNING -> "Running";
          case PULL_FAILED -> "Pending";
          case SUCCEEDED -> "Succeeded";
          case FAILED -> "Failed";
        });
    boolean pulledBefore = pullAttempted(old);
    ArrayNode statuses = Json.array();
    List<String> unready = new ArrayList<>();
    for (JsonNode c : spec.path("containers")) {
      boolean containerFails = fail && Kubelet.failing(singleContainer(c));
      ObjectNode st =
          containerStatus(c, restartPolicy, containerFails, pulledBefore, started, now, uid);
      if (!st.path("ready").asBoolean()) {
        unready.add(c.path("name").asText());
      }
      statuses.add(st);
    }
    ArrayNode conds = s.putArray("conditions");
    for (String type : CONDITIONS) {
      conds.add(condition(old, type, outcome, unready));
    }
    s.put("hostIP", hostIp);
    s.putArray("hostIPs").addObject().put("ip", hostIp);
    String podIp = spec.path("hostNetwork").asBoolean(false) ? hostIp : podIp(uid);
    s.put("podIP", podIp);
    s.putArray("podIPs").addObject().put("ip", podIp);
    s.put("startTime", started);
    ArrayNode inits = Json.array();
    for (JsonNode c : spec.path("initContainers")) {
      inits.add(initContainerStatus(c, started, uid));
    }
    if (!inits.isEmpty()) {
      s.set("initContainerStatuses", inits);
    }
    s.set("containerStatuses", statuses);
    s.put("qosClass", qosClass(spec));
    return s;
  }

  /** Whether an earlier status already reported a failed pull (the next one backs off). */
  private static boolean pullAttempted(JsonNode old) {
    for (JsonNode c : old.path("containerStatuses")) {
      String reason = c.path("state").path("waiting").path("reason").asText("");
      if (reason.equals("ErrImagePull") || reason.equals("ImagePullBackOff")) {
        return true;
      }
    }
    return false;
  }

  /** An address in the node's pod CIDR (10.244.0.0/16) that stays the same for a Pod. */
  private static String podIp(String uid) {
    int h = uid.hashCode() & 0x7fffffff;
    return "10.244." + (h >> 8) % 256 + "." + (h % 253 + 2);
  }

  private static ObjectNode condition(
      JsonNode old, String type, Outcome outcome, List<String> unready) {
    String status = "True";
    String reason = null;
    String message = null;
    boolean readiness = type.equals("Ready") || type.equals("ContainersReady");
    switch (outcome) {
      case RUNNING, PULL_FAILED -> {
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
    c.putNull("lastProbeTime");
    return c;
  }

  private static ObjectNode containerStatus(
      JsonNode c,
      String restartPolicy,
      boolean fails,
      boolean pulledBefore,
      String started,
      String now,
      String podUid) {
    String name = c.path("name").asText();
    String image = c.path("image").asText();
    ObjectNode st = Json.object();
    st.put("name", name);
    ObjectNode state = st.putObject("state");
    ObjectNode last = st.putObject("lastState");
    boolean running = false;
    boolean pulled = true;
    int restarts = 0;
    if (restartPolicy.equals("Always")) {
      if (fails) {
        pulled = false;
        ObjectNode waiting = state.putObject("waiting");
        if (pulledBefore) {
          waiting.put("reason", "ImagePullBackOff");
          waiting.put("message", "Back-off pulling image \"" + image + "\"");
        } else {
          String ref = normalizedImage(image);
          waiting.put("reason", "ErrImagePull");
          waiting.put(
              "message",
              "rpc error: code = NotFound desc = failed to pull and unpack image \""
                  + ref
                  + "\": failed to resolve reference \""
                  + ref
                  + "\": "
                  + ref
                  + ": not found");
        }
      } else {
        state.putObject("running").put("startedAt", started);
        running = true;
      }
    } else if (fails && restartPolicy.equals("OnFailure")) {
      state
          .putObject("waiting")
          .put("reason", "CrashLoopBackOff")
          .put("message", "back-off 10s restarting failed container=" + name);
      last.set("terminated", terminated(1, "Error", started, now, podUid, name));
      restarts = 1;
    } else {
      state.set(
          "terminated",
          fails
              ? terminated(1, "Error", started, now, podUid, name)
              : terminated(0, "Completed", started, now, podUid, name));
    }
    st.put("ready", running);
    st.put("restartCount", restarts);
    st.put("image", pulled ? normalizedImage(image) : image);
    st.put("imageID", pulled ? imageId(image) : "");
    if (pulled) {
      st.put("containerID", containerId(podUid, name));
    }
    st.put("started", running);
    return st;
  }

  private static ObjectNode initContainerStatus(JsonNode c, String started, String podUid) {
    String name = c.path("name").asText();
    String image = c.path("image").asText();
    ObjectNode st = Json.object();
    st.put("name", name);
    st.putObject("state")
        .set("terminated", terminated(0, "Completed", started, started, podUid, name));
    st.putObject("lastState");
    st.put("ready", true);
    st.put("restartCount", 0);
    st.put("image", normalizedImage(image));
    st.put("imageID", imageId(image));
    st.put("containerID", containerId(podUid, name));
    st.put("started", false);
    return st;
  }

  private static ObjectNode terminated(
      int exitCode, String reason, String started, String now, String podUid, String name) {
    ObjectNode t = Json.object();
    t.put("exitCode", exitCode);
    t.put("reason", reason);
    t.put("startedAt", started);
    t.put("finishedAt", now);
    t.put("containerID", containerId(podUid, name));
    return t;
  }

  private static JsonNode singleContainer(JsonNode c) {
    ObjectNode spec = Json.object();
    spec.putArray("containers").add(c);
    return spec;
  }

  /** The image as containerd names it: registry and {@code library/} filled in, tag latest. */
  static String normalizedImage(String image) {
    String name = image;
    String suffix = "";
    int at = name.indexOf('@');
    if (at >= 0) {
      suffix = name.substring(at);
      name = name.substring(0, at);
    }
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    boolean hasRegistry =
        slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (!hasRegistry) {
      name = "docker.io/" + (slash < 0 ? "library/" : "") + name;
    }
    int lastSlash = name.lastIndexOf('/');
    if (suffix.isEmpty() && name.indexOf(':', lastSlash) < 0) {
      name += ":latest";
    }
    return name + suffix;
  }

  private static String imageId(String image) {
    String ref = normalizedImage(image);
    int at = ref.indexOf('@');
    if (at >= 0) {
      return ref;
    }
    int colon = ref.lastIndexOf(':');
    return ref.substring(0, colon) + "@sha256:" + sha256(ref);
  }

  private static String containerId(String podUid, String name) {
    return "containerd://" + sha256(podUid + "/" + name);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code qos.GetPodQOS}: BestEffort without any cpu or memory request or limit; Guaranteed when
   * every container limits both and requests what it limits (a missing request defaults to the
   * limit); Burstable otherwise.
   */
  static String qosClass(JsonNode spec) {
    Map<String, BigDecimal> requests = new TreeMap<>();
    Map<String, BigDecimal> limits = new TreeMap<>();
    boolean guaranteed = true;
    List<JsonNode> containers = new ArrayList<>();
    spec.path("containers").forEach(containers::add);
    spec.path("initContainers").forEach(containers::add);
    for (JsonNode c : containers) {
      JsonNode res = c.path("resources");
      Map<String, BigDecimal> req = quantities(res.path("requests"));
      Map<String, BigDecimal> lim = quantities(res.path("limits"));
      for (Map.Entry<String, BigDecimal> e : lim.entrySet()) {
        req.putIfAbsent(e.getKey(), e.getValue());
      }
      req.forEach((k, v) -> requests.merge(k, v, BigDecimal::add));
      lim.forEach((k, v) -> limits.merge(k, v, BigDecimal::add));
      if (!lim.containsKey("cpu") || !lim.containsKey("memory")) {
        guaranteed = false;
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
        BigDecimal l = limits.get(e.getKey());
        if (l == null || l.compareTo(e.getValue()) != 0) {
          guaranteed = false;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
  }

  private static Map<String, BigDecimal> quantities(JsonNode list) {
    Map<String, BigDecimal> out = new TreeMap<>();
    for (String r : List.of("cpu", "memory")) {
      BigDecimal q =
          KindRules.quantity(list.path(r).isMissingNode() ? null : list.path(r).asText());
      if (q != null && q.signum() != 0) {
        out.put(r, q);
      }
    }
    return out;
  }
}
