package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;

/**
 * The defaults kube-apiserver gives the apps/v1 workloads' own fields (not their pod templates'),
 * on every write as decoding does: the strategies the controllers and {@code kubectl rollout} read,
 * revisionHistoryLimit and the Deployment's progressDeadlineSeconds.
 */
final class WorkloadDefaults {
  private WorkloadDefaults() {}

  static void apply(String storageKey, ObjectNode obj) {
    ObjectNode spec = Json.child(obj, "spec");
    switch (storageKey) {
      case "apps/deployments" -> {
        ObjectNode strategy = Json.child(spec, "strategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
          ObjectNode ru = Json.child(strategy, "rollingUpdate");
          putIfAbsent(ru, "maxUnavailable", "25%");
          putIfAbsent(ru, "maxSurge", "25%");
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
      }
      case "apps/statefulsets" -> {
        putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = Json.child(spec, "updateStrategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
          putIfAbsent(Json.child(strategy, "rollingUpdate"), "partition", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        ObjectNode retention = Json.child(spec, "persistentVolumeClaimRetentionPolicy");
        putIfAbsent(retention, "whenDeleted", "Retain");
        putIfAbsent(retention, "whenScaled", "Retain");
      }
      case "apps/daemonsets" -> {
        ObjectNode strategy = Json.child(spec, "updateStrategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
          ObjectNode ru = Json.child(strategy, "rollingUpdate");
          putIfAbsent(ru, "maxUnavailable", 1);
          putIfAbsent(ru, "maxSurge", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
      }
      default -> {}
    }
  }

  private static void putIfAbsent(ObjectNode o, String field, Object value) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      o.set(field, Json.MAPPER.valueToTree(value));
    }
  }
}
