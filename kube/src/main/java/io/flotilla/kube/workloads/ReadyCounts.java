package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * How many of a workload's Pods are Ready and how many available (Ready for its {@code
 * minReadySeconds}), as the ReplicaSet, StatefulSet and DaemonSet statuses count them.
 */
record ReadyCounts(int ready, int available) {
  /** When a Pod is Ready but not yet available, {@code wait} says how long until one is. */
  static ReadyCounts of(JsonNode workload, Iterable<? extends JsonNode> pods, Duration[] wait) {
    int minReady = workload.path("spec").path("minReadySeconds").asInt(0);
    Instant now = Instant.now();
    int ready = 0;
    int available = 0;
    for (JsonNode p : pods) {
      ready += Pods.ready(p) ? 1 : 0;
      available += Pods.available(p, minReady, now, wait) ? 1 : 0;
    }
    return new ReadyCounts(ready, available);
  }
}
