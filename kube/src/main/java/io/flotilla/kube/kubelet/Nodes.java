package io.flotilla.kube.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.http.Discovery;
import io.flotilla.kube.store.Store;
import io.flotilla.kube.workloads.ControlPlane;
import io.flotilla.kube.workloads.DaemonSetController;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * The cluster's one node, {@value #NAME}, registered by the simulated kubelet as a kubelet
 * registers its Node, and the scheduler's part: binding a Pod to a node.
 */
final class Nodes {
  static final String NAME = "flotilla";
  static final String INTERNAL_IP = "10.0.0.1";

  private Nodes() {}

  /** Creates the Node when it is missing and reports it Ready. */
  static void register(ControlPlane cp) {
    ObjectNode node = cp.core.store.get(cp.nodes.storageKey(), "", NAME);
    if (node == null) {
      ObjectNode body = Json.object();
      ObjectNode meta = Json.meta(body);
      meta.put("name", NAME);
      ObjectNode annotations = meta.putObject("annotations");
      annotations.put("node.alpha.kubernetes.io/ttl", "0");
      annotations.put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
      ObjectNode labels = meta.putObject("labels");
      String arch = arch();
      labels.put("beta.kubernetes.io/arch", arch);
      labels.put("beta.kubernetes.io/os", "linux");
      labels.put("kubernetes.io/arch", arch);
      labels.put("kubernetes.io/hostname", NAME);
      labels.put("kubernetes.io/os", "linux");
      labels.put("node-role.kubernetes.io/control-plane", "");
      ObjectNode spec = body.putObject("spec");
      spec.put("podCIDR", "10.244.0.0/16");
      spec.putArray("podCIDRs").add("10.244.0.0/16");
      node = cp.core.create(cp.nodes, null, body, WriteOpts.internal("kubelet"));
    }
    cp.writeStatus(cp.nodes, node, status(node), "kubelet");
  }

  private static ObjectNode status(ObjectNode node) {
    String now = Json.now();
    ObjectNode s = Json.object();
    ObjectNode capacity = s.putObject("capacity");
    capacity.put("cpu", Integer.toString(Runtime.getRuntime().availableProcessors()));
    capacity.put("ephemeral-storage", (new File("/").getTotalSpace() >> 10) + "Ki");
    capacity.put("hugepages-1Gi", "0");
    capacity.put("hugepages-2Mi", "0");
    capacity.put("memory", (physicalMemory() >> 10) + "Ki");
    capacity.put("pods", "110");
    s.set("allocatable", capacity.deepCopy());
    ArrayNode conds = s.putArray("conditions");
    conds.add(
        condition(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
            now,
            node));
    conds.add(
        condition(
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
            now,
            node));
    conds.add(
        condition(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
            now,
            node));
    conds.add(
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now, node));
    ArrayNode addresses = s.putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", INTERNAL_IP);
    addresses.addObject().put("type", "Hostname").put("address", NAME);
    s.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
    String id = UUID.nameUUIDFromBytes(NAME.getBytes(StandardCharsets.UTF_8)).toString();
    ObjectNode info = s.putObject("nodeInfo");
    info.put("machineID", id.replace("-", ""));
    info.put("systemUUID", id);
    info.put("bootID", id);
    info.put("kernelVersion", System.getProperty("os.version", ""));
    info.put("osImage", "Flotilla embedded Kubernetes API");
    info.put("containerRuntimeVersion", "containerd://1.7.24");
    info.put("kubeletVersion", Discovery.GIT_VERSION);
    info.put("kubeProxyVersion", Discovery.GIT_VERSION);
    info.put("operatingSystem", "linux");
    info.put("architecture", arch());
    return s;
  }

  private static ObjectNode condition(
      String type, String status, String reason, String message, String now, JsonNode node) {
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", status);
    c.put("lastHeartbeatTime", now);
    String since = now;
    for (JsonNode o : node.path("status").path("conditions")) {
      if (type.equals(Json.text(o, "type")) && status.equals(Json.text(o, "status"))) {
        since = o.path("lastTransitionTime").asText(now);
      }
    }
    c.put("lastTransitionTime", since);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }

  private static String arch() {
    String a = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    return switch (a) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> a;
    };
  }

  private static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }

  /** The InternalIP of {@code nodeName}, which Pods on it report as their hostIP. */
  static String internalIp(ControlPlane cp, String nodeName) {
    ObjectNode node = cp.core.store.get(cp.nodes.storageKey(), "", nodeName);
    if (node != null) {
      for (JsonNode a : node.path("status").path("addresses")) {
        if (a.path("type").asText().equals("InternalIP")) {
          return a.path("address").asText();
        }
      }
    }
    return INTERNAL_IP;
  }

  /**
   * Where the scheduler puts {@code pod}: the node a DaemonSet's affinity names, else the first
   * node; null when there is none.
   */
  static String schedule(ControlPlane cp, JsonNode pod) {
    String wanted = DaemonSetController.targetNode(pod);
    for (ObjectNode n : cp.nodes()) {
      String name = Json.text(n, "metadata", "name");
      if (wanted == null || wanted.equals(name)) {
        return name;
      }
    }
    return null;
  }

  /**
   * Binds {@code pod} to {@code nodeName} as {@code pods/binding} does: straight into storage, past
   * the update rules that keep {@code spec.nodeName} from changing, with PodScheduled=True. Returns
   * the bound Pod, or null when the Pod changed or went meanwhile.
   */
  static ObjectNode bind(ControlPlane cp, ObjectNode pod, String nodeName) {
    Store store = cp.core.store;
    String key = cp.pods.storageKey();
    synchronized (store.lock) {
      ObjectNode cur =
          store.get(
              key, Json.text(pod, "metadata", "namespace"), Json.text(pod, "metadata", "name"));
      if (cur == null
          || !Json.text(cur, "metadata", "resourceVersion")
              .equals(Json.text(pod, "metadata", "resourceVersion"))) {
        return null;
      }
      Json.child(cur, "spec").put("nodeName", nodeName);
      ObjectNode status = Json.child(cur, "status");
      ArrayNode conds = Json.array();
      ObjectNode scheduled = conds.addObject();
      scheduled.put("type", "PodScheduled");
      scheduled.put("status", "True");
      scheduled.putNull("lastProbeTime");
      scheduled.put("lastTransitionTime", Json.now());
      status.set("conditions", conds);
      Json.meta(cur).put("resourceVersion", Long.toString(store.nextRv()));
      store.put(key, cur);
      return cur;
    }
  }
}
