package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.util.List;

/**
 * The arithmetic of a Deployment's rollout, as kube's deployment util computes it: revisions of
 * ReplicaSets, their replica sums, and the strategy's surge and unavailability.
 */
final class Rollouts {
  private Rollouts() {}

  static long revision(JsonNode rs) {
    String v = Json.text(rs, "metadata", "annotations", DeploymentController.REVISION);
    try {
      return v == null ? 0 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static long maxRevision(List<ObjectNode> rss) {
    long max = 0;
    for (ObjectNode rs : rss) {
      max = Math.max(max, revision(rs));
    }
    return max;
  }

  static boolean recreate(JsonNode d) {
    return d.path("spec").path("strategy").path("type").asText("RollingUpdate").equals("Recreate");
  }

  static int rsReplicas(JsonNode rs) {
    return rs.path("spec").path("replicas").asInt(1);
  }

  static int sumReplicas(List<ObjectNode> rss) {
    return rss.stream().mapToInt(Rollouts::rsReplicas).sum();
  }

  static int sumStatus(List<ObjectNode> rss, String field) {
    return rss.stream().mapToInt(rs -> rs.path("status").path(field).asInt(0)).sum();
  }

  static boolean oldPodsRunning(List<ObjectNode> old) {
    return sumStatus(old, "replicas") > 0;
  }

  // ------------------------------------------------------------------ maxSurge / maxUnavailable

  /** {@code ResolveFenceposts}: surge rounded up, unavailable down, never both zero. */
  static int[] fenceposts(JsonNode d) {
    int replicas = ControlPlane.replicas(d);
    JsonNode ru = d.path("spec").path("strategy").path("rollingUpdate");
    int surge = scaled(ru.get("maxSurge"), replicas, true);
    int unavailable = scaled(ru.get("maxUnavailable"), replicas, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new int[] {surge, unavailable};
  }

  static int scaled(JsonNode intOrPercent, int total, boolean roundUp) {
    if (intOrPercent == null || intOrPercent.isNull()) {
      intOrPercent = Json.F.textNode("25%");
    }
    if (intOrPercent.isNumber()) {
      return intOrPercent.asInt();
    }
    String s = intOrPercent.asText();
    if (!s.endsWith("%")) {
      return 0;
    }
    try {
      double v = Integer.parseInt(s.substring(0, s.length() - 1)) * (double) total / 100;
      return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static int maxSurge(JsonNode d) {
    return recreate(d) ? 0 : fenceposts(d)[0];
  }

  static int maxUnavailable(JsonNode d) {
    int replicas = ControlPlane.replicas(d);
    if (recreate(d) || replicas == 0) {
      return 0;
    }
    return Math.min(fenceposts(d)[1], replicas);
  }
}
