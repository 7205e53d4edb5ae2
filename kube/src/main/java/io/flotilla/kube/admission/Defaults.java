package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Defaulting and validation the real API server applies to particular kinds. */
public final class Defaults {
  /** The finalizer that holds a CRD until its custom resources are gone. */
  public static final String CRD_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

  private Defaults() {}

  public static void onCreate(ResourceType t, ObjectNode obj, Supplier<String> clusterIps) {
    ObjectNode m = Json.meta(obj);
    switch (t.storageKey()) {
      case "/namespaces" -> {
        ObjectNode spec = Json.child(obj, "spec");
        if (!spec.has("finalizers")) {
          spec.putArray("finalizers").add("kubernetes");
        }
        Json.child(obj, "status").put("phase", "Active");
        Json.child(m, "labels").put("kubernetes.io/metadata.name", m.path("name").asText());
      }
      case "/services" -> {
        ObjectNode spec = Json.child(obj, "spec");
        if (!spec.has("type")) {
          spec.put("type", "ClusterIP");
        }
        if (!spec.path("type").asText().equals("ExternalName")) {
          if (!spec.hasNonNull("clusterIP") || spec.get("clusterIP").asText().isEmpty()) {
            spec.put("clusterIP", clusterIps.get());
          }
          if (!spec.has("clusterIPs")) {
            spec.putArray("clusterIPs").add(spec.get("clusterIP").asText());
          }
          if (!spec.has("sessionAffinity")) {
            spec.put("sessionAffinity", "None");
          }
          if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
          }
          if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
          }
          if (!spec.has("internalTrafficPolicy")) {
            spec.put("internalTrafficPolicy", "Cluster");
          }
        }
        for (JsonNode p : spec.path("ports")) {
          if (p instanceof ObjectNode po) {
            if (!po.has("protocol")) {
              po.put("protocol", "TCP");
            }
            if (!po.has("targetPort") && po.has("port")) {
              po.set("targetPort", po.get("port"));
            }
          }
        }
        Json.child(obj, "status").putObject("loadBalancer");
      }
      case "/pods" -> Json.child(obj, "status").put("phase", "Pending");
      case "/secrets" -> {
        if (!obj.has("type")) {
          obj.put("type", "Opaque");
        }
      }
      case "apps/deployments", "apps/replicasets", "apps/statefulsets" -> {
        ObjectNode spec = Json.child(obj, "spec");
        if (!spec.has("replicas")) {
          spec.put("replicas", 1);
        }
        WorkloadDefaults.apply(t.storageKey(), obj);
      }
      case "apps/daemonsets" -> WorkloadDefaults.apply(t.storageKey(), obj);
      case "/persistentvolumeclaims" -> {
        putIfAbsent(Json.child(obj, "spec"), "volumeMode", "Filesystem");
        Json.child(obj, "status").put("phase", "Pending");
      }
      case "/persistentvolumes" -> {
        ObjectNode spec = Json.child(obj, "spec");
        putIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
        putIfAbsent(spec, "volumeMode", "Filesystem");
        Json.child(obj, "status").put("phase", "Pending");
      }
      case "batch/jobs" -> JobDefaults.onCreate(obj);
      case "batch/cronjobs" -> {
        ObjectNode spec = Json.child(obj, "spec");
        putIfAbsent(spec, "concurrencyPolicy", "Allow");
        if (!spec.has("suspend")) {
          spec.put("suspend", false);
        }
        if (!spec.has("successfulJobsHistoryLimit")) {
          spec.put("successfulJobsHistoryLimit", 3);
        }
        if (!spec.has("failedJobsHistoryLimit")) {
          spec.put("failedJobsHistoryLimit", 1);
        }
      }
      case "apiextensions.k8s.io/customresourcedefinitions" -> {
        validateCrd(t, obj);
        ArrayNode f =
            m.has("finalizers") ? (ArrayNode) m.get("finalizers") : m.putArray("finalizers");
        if (!Json.strings(f).contains(Defaults.CRD_FINALIZER)) {
          f.add(Defaults.CRD_FINALIZER);
        }
      }
      default -> {}
    }
  }

  private static void putIfAbsent(ObjectNode o, String field, String value) {
    if (!o.has(field)) {
      o.put(field, value);
    }
  }

  public static void onUpdate(ResourceType t, ObjectNode old, ObjectNode n) {
    switch (t.storageKey()) {
      case "/services" -> {
        // The API server carries allocated addresses over when an update leaves them out.
        ObjectNode spec = Json.child(n, "spec");
        for (String f : List.of("clusterIP", "clusterIPs")) {
          JsonNode before = Json.at(old, "spec", f);
          if (before != null
              && (!spec.hasNonNull(f)
                  || spec.get(f).asText().isEmpty() && !spec.get(f).isArray())) {
            spec.set(f, before);
          }
        }
      }
      case "/namespaces" -> {
        JsonNode before = Json.at(old, "spec", "finalizers");
        if (before != null && Json.at(n, "spec", "finalizers") == null) {
          Json.child(n, "spec").set("finalizers", before);
        }
      }
      case "apiextensions.k8s.io/customresourcedefinitions" -> validateCrd(t, n);
      case "batch/jobs" -> JobDefaults.onUpdate(n);
      case "apps/deployments", "apps/statefulsets", "apps/daemonsets" ->
          WorkloadDefaults.apply(t.storageKey(), n);
      default -> {}
    }
  }

  private static void validateCrd(ResourceType t, ObjectNode crd) {
    String name = Json.text(crd, "metadata", "name");
    JsonNode spec = crd.path("spec");
    List<ApiException.Cause> causes = new ArrayList<>();
    String group = spec.path("group").asText("");
    String plural = spec.path("names").path("plural").asText("");
    if (group.isEmpty()) {
      causes.add(new ApiException.Cause("FieldValueRequired", "Required value", "spec.group"));
    }
    if (plural.isEmpty()) {
      causes.add(
          new ApiException.Cause("FieldValueRequired", "Required value", "spec.names.plural"));
    }
    if (spec.path("names").path("kind").asText("").isEmpty()) {
      causes.add(new ApiException.Cause("FieldValueRequired", "Required value", "spec.names.kind"));
    }
    if (!name.equals(plural + "." + group)) {
      causes.add(
          new ApiException.Cause(
              "FieldValueInvalid",
              "Invalid value: \"" + name + "\": must be spec.names.plural+\".\"+spec.group",
              "metadata.name"));
    }
    String scope = spec.path("scope").asText("");
    if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
      causes.add(
          new ApiException.Cause(
              "FieldValueNotSupported",
              "Unsupported value: \"" + scope + "\": supported values: \"Cluster\", \"Namespaced\"",
              "spec.scope"));
    }
    int storage = 0;
    for (JsonNode v : spec.path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        storage++;
      }
    }
    if (spec.path("versions").isEmpty()) {
      causes.add(new ApiException.Cause("FieldValueRequired", "Required value", "spec.versions"));
    } else if (storage != 1) {
      causes.add(
          new ApiException.Cause(
              "FieldValueInvalid",
              "Invalid value: []apiextensions.CustomResourceDefinitionVersion(nil): must have"
                  + " exactly one version marked as storage version",
              "spec.versions"));
    }
    if (!causes.isEmpty()) {
      throw ApiException.invalid(t, name, causes);
    }
  }
}
