package io.flotilla.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes an object's status with kstatus' rules (sigs.k8s.io/cli-utils {@code kstatus/status}):
 * generic checks first (deletion, observedGeneration, Reconciling/Stalled), then the rule of a
 * built-in kind, then a {@code Ready} condition, else Current. Pure: a live object in, a status
 * out.
 */
final class KStatus {
  record Result(HealthStatus status, String message) {}

  private static final Set<String> IMAGE_PULL_FAILURES =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  private static final String FLUX_GROUP_SUFFIX = ".toolkit.fluxcd.io";

  private KStatus() {}

  static Result compute(Map<String, Object> obj) {
    Result generic = generic(obj);
    if (generic != null) {
      return generic;
    }
    String group = group(obj);
    String kind = Tree.string(obj, "", "kind");
    Result specific =
        switch (group + "/" + kind) {
          case "apps/Deployment", "extensions/Deployment" -> deployment(obj);
          case "apps/StatefulSet" -> statefulSet(obj);
          case "apps/DaemonSet", "extensions/DaemonSet" -> daemonSet(obj);
          case "apps/ReplicaSet", "extensions/ReplicaSet" -> replicaSet(obj);
          case "batch/Job" -> job(obj);
          case "/Pod" -> pod(obj);
          case "/PersistentVolumeClaim" -> pvc(obj);
          case "/Service" -> service(obj);
          case "/Namespace" -> namespace(obj);
          case "apiextensions.k8s.io/CustomResourceDefinition" -> crd(obj);
          case "/ConfigMap", "/Secret", "batch/CronJob" ->
              new Result(HealthStatus.CURRENT, "Resource is always ready");
          case "policy/PodDisruptionBudget" ->
              new Result(HealthStatus.CURRENT, "AllowedDisruptions has been computed.");
          default -> null;
        };
    if (specific != null) {
      return specific;
    }
    if (group.endsWith(FLUX_GROUP_SUFFIX)) {
      return flux(obj, kind);
    }
    Result ready = readyCondition(obj);
    return ready != null ? ready : new Result(HealthStatus.CURRENT, "Resource is current");
  }

  /**
   * Flux's own kinds carry {@code status: {observedGeneration: -1}} from their CRD defaults until
   * their controller has seen them, so kstatus never calls one Current before Ready=True for the
   * current generation. Our CRDs have no such default, so the rule is spelled out: without a Ready
   * condition one is InProgress. A HelmRepository of type oci is data-only (its controller never
   * writes a status) and is Current as soon as it exists.
   */
  private static Result flux(Map<String, Object> obj, String kind) {
    if (kind.equals("HelmRepository") && Tree.string(obj, "", "spec", "type").equals("oci")) {
      return current("Resource is current");
    }
    Result ready = readyCondition(obj);
    if (ready != null) {
      return ready;
    }
    return inProgress(
        Tree.has(obj, "status", "observedGeneration")
            ? kind + " has no Ready condition yet"
            : kind + " status.observedGeneration not found");
  }

  private static String group(Map<String, Object> obj) {
    String apiVersion = Tree.string(obj, "", "apiVersion");
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static Result inProgress(String message) {
    return new Result(HealthStatus.IN_PROGRESS, message);
  }

  private static Result current(String message) {
    return new Result(HealthStatus.CURRENT, message);
  }

  private static Result failed(String message) {
    return new Result(HealthStatus.FAILED, message);
  }

  /**
   * InProgress {@code label: have/want} when {@code have} falls short of {@code want}; else null.
   */
  private static Result shortOf(String label, long have, long want) {
    return want > have ? inProgress("%s: %d/%d".formatted(label, have, want)) : null;
  }

  /** {@link #shortOf} of the count in {@code status.<field>} (0 when unset). */
  private static Result shortOf(Map<String, Object> obj, String label, String field, long want) {
    return shortOf(label, status(obj, field), want);
  }

  private static long status(Map<String, Object> obj, String field) {
    return Tree.number(obj, 0, "status", field);
  }

  /** InProgress while more replicas than wanted still exist; else null. */
  private static Result pendingTermination(long replicas, long spec) {
    return replicas > spec
        ? inProgress("Pending termination: %d".formatted(replicas - spec))
        : null;
  }

  /** InProgress with {@code message} unless {@code ok}; else null. */
  private static Result unless(boolean ok, String message) {
    return ok ? null : inProgress(message);
  }

  /** The first result that is not null: the checks in the order kstatus makes them. */
  private static Result firstOf(Result... checks) {
    for (Result r : checks) {
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  record Condition(String type, String status, String reason, String message) {}

  static List<Condition> conditions(Map<String, Object> obj) {
    List<Condition> result = new ArrayList<>();
    for (Object item : Tree.list(obj, "status", "conditions")) {
      if (item instanceof Map<?, ?> c) {
        result.add(
            new Condition(
                str(c.get("type")),
                str(c.get("status")),
                str(c.get("reason")),
                str(c.get("message"))));
      }
    }
    return result;
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static Condition condition(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
  }

  private static Result generic(Map<String, Object> obj) {
    if (!Tree.string(obj, "", "metadata", "deletionTimestamp").isEmpty()) {
      return new Result(HealthStatus.TERMINATING, "Resource scheduled for deletion");
    }
    if (Tree.has(obj, "metadata", "generation") && Tree.has(obj, "status", "observedGeneration")) {
      long generation = Tree.number(obj, 0, "metadata", "generation");
      long observed = Tree.number(obj, 0, "status", "observedGeneration");
      if (observed != generation) {
        return inProgress(
            "%s generation is %d, but latest observed generation is %d"
                .formatted(Tree.string(obj, "", "kind"), generation, observed));
      }
    }
    for (Condition c : conditions(obj)) {
      if (c.type().equals("Reconciling") && c.status().equals("True")) {
        return inProgress(c.message().isEmpty() ? c.reason() : c.message());
      }
      if (c.type().equals("Stalled") && c.status().equals("True")) {
        return failed(c.message().isEmpty() ? c.reason() : c.message());
      }
    }
    return null;
  }

  private static Result deployment(Map<String, Object> obj) {
    // Without progressDeadlineSeconds the controller never sets Progressing, so don't require it.
    boolean progressing = !Tree.has(obj, "spec", "progressDeadlineSeconds");
    boolean available = false;
    for (Condition c : conditions(obj)) {
      switch (c.type()) {
        case "Progressing" -> {
          if (c.reason().equals("ProgressDeadlineExceeded")) {
            return failed("Progress deadline exceeded" + suffix(c.message()));
          }
          if (c.status().equals("True") && c.reason().equals("NewReplicaSetAvailable")) {
            progressing = true;
          }
        }
        case "Available" -> available = available || c.status().equals("True");
        case "ReplicaFailure" -> {
          if (c.status().equals("True") && mentionsImagePullFailure(c)) {
            return failed("Image pull failed" + suffix(c.message()));
          }
        }
        default -> {}
      }
    }
    long spec = Tree.number(obj, 1, "spec", "replicas");
    long replicas = status(obj, "replicas");
    long updated = status(obj, "updatedReplicas");
    return firstOf(
        shortOf("Replicas", replicas, spec),
        shortOf("Updated", updated, spec),
        pendingTermination(replicas, spec),
        shortOf(obj, "Available", "availableReplicas", updated),
        shortOf(obj, "Ready", "readyReplicas", spec),
        unless(progressing, "ReplicaSet not Available"),
        unless(available, "Deployment not Available"),
        current("Deployment is available. Replicas: %d".formatted(replicas)));
  }

  private static boolean mentionsImagePullFailure(Condition c) {
    return IMAGE_PULL_FAILURES.stream()
        .anyMatch(r -> c.reason().contains(r) || c.message().contains(r));
  }

  private static String suffix(String message) {
    return message.isEmpty() ? "" : ": " + message;
  }

  private static Result statefulSet(Map<String, Object> obj) {
    if ("OnDelete".equals(Tree.string(obj, "", "spec", "updateStrategy", "type"))) {
      return current("StatefulSet is using the ondelete update strategy");
    }
    long spec = Tree.number(obj, 1, "spec", "replicas");
    long updated = status(obj, "updatedReplicas");
    long replicas = status(obj, "replicas");
    long partition = Tree.number(obj, -1, "spec", "updateStrategy", "rollingUpdate", "partition");
    String currentRevision = Tree.string(obj, "", "status", "currentRevision");
    String updateRevision = Tree.string(obj, "", "status", "updateRevision");
    return firstOf(
        shortOf("Replicas", replicas, spec),
        shortOf(obj, "Ready", "readyReplicas", spec),
        pendingTermination(replicas, spec),
        partition == -1
            ? null
            : firstOf(
                shortOf("updated", updated, spec - partition),
                current("Partition rollout complete. updated: %d".formatted(updated))),
        shortOf(obj, "current", "currentReplicas", spec),
        unless(
            currentRevision.equals(updateRevision),
            "Waiting for updated revision to match current"),
        current("All replicas scheduled as expected. Replicas: %d".formatted(replicas)));
  }

  private static Result daemonSet(Map<String, Object> obj) {
    // The controller always sets these once it has seen the object; unset means not yet observed.
    String kind = Tree.string(obj, "", "kind");
    if (!Tree.has(obj, "metadata", "generation")) {
      return inProgress(kind + " metadata.generation not found");
    }
    if (!Tree.has(obj, "status", "observedGeneration")) {
      return inProgress(kind + " status.observedGeneration not found");
    }
    long desired = Tree.number(obj, -1, "status", "desiredNumberScheduled");
    if (desired == -1) {
      return inProgress("Missing .status.desiredNumberScheduled");
    }
    return firstOf(
        shortOf(obj, "Current", "currentNumberScheduled", desired),
        shortOf(obj, "Updated", "updatedNumberScheduled", desired),
        shortOf(obj, "Available", "numberAvailable", desired),
        shortOf(obj, "Ready", "numberReady", desired),
        current("All replicas scheduled as expected. Replicas: %d".formatted(desired)));
  }

  private static Result replicaSet(Map<String, Object> obj) {
    Condition failure = condition(conditions(obj), "ReplicaFailure");
    if (failure != null && failure.status().equals("True")) {
      return inProgress("Replica Failure condition. Check Pods");
    }
    long spec = Tree.number(obj, 1, "spec", "replicas");
    long replicas = status(obj, "replicas");
    return firstOf(
        shortOf(obj, "Labelled", "fullyLabeledReplicas", spec),
        shortOf(obj, "Available", "availableReplicas", spec),
        shortOf(obj, "Ready", "readyReplicas", spec),
        pendingTermination(replicas, spec),
        current("ReplicaSet is available. Replicas: %d".formatted(replicas)));
  }

  private static Result job(Map<String, Object> obj) {
    long parallelism = Tree.number(obj, 1, "spec", "parallelism");
    long completions = Tree.number(obj, parallelism, "spec", "completions");
    long succeeded = status(obj, "succeeded");
    long active = status(obj, "active");
    long failedPods = status(obj, "failed");
    for (Condition c : conditions(obj)) {
      if (!c.status().equals("True")) {
        continue;
      }
      switch (c.type()) {
        case "Complete" -> {
          return current("Job Completed. succeeded: %d/%d".formatted(succeeded, completions));
        }
        case "Failed" -> {
          return failed("Job Failed. failed: %d/%d".formatted(failedPods, completions));
        }
        case "Suspended" -> {
          return current("Job is suspended");
        }
        default -> {}
      }
    }
    if (Tree.string(obj, "", "status", "startTime").isEmpty()) {
      return inProgress("Job not started");
    }
    return current(
        "Job in progress. success:%d, active: %d, failed: %d"
            .formatted(succeeded, active, failedPods));
  }

  private static Result pod(Map<String, Object> obj) {
    String phase = Tree.string(obj, "", "status", "phase");
    List<Condition> conditions = conditions(obj);
    List<String> pullFailures = waitingContainers(obj, IMAGE_PULL_FAILURES);
    if (!pullFailures.isEmpty() && (phase.equals("Pending") || phase.equals("Running"))) {
      return failed("Containers failing to pull their image: " + String.join(",", pullFailures));
    }
    return switch (phase) {
      case "Succeeded" -> current("Pod has completed successfully");
      case "Failed" -> current("Pod has completed, but not successfully");
      case "Running" -> {
        Condition ready = condition(conditions, "Ready");
        if (ready != null && ready.status().equals("True")) {
          yield current("Pod is Ready");
        }
        List<String> crashing = waitingContainers(obj, Set.of("CrashLoopBackOff"));
        if (!crashing.isEmpty()) {
          yield failed("Containers in CrashLoop state: " + String.join(",", crashing));
        }
        yield inProgress("Pod is running but is not Ready");
      }
      case "Pending" -> {
        Condition scheduled = condition(conditions, "PodScheduled");
        if (scheduled != null
            && scheduled.status().equals("False")
            && scheduled.reason().equals("Unschedulable")) {
          yield failed("Pod could not be scheduled");
        }
        yield inProgress("Pod is in the Pending phase");
      }
      case "" -> inProgress("Pod phase not available");
      default -> new Result(HealthStatus.UNKNOWN, "unknown phase " + phase);
    };
  }

  private static List<String> waitingContainers(Map<String, Object> obj, Set<String> reasons) {
    List<String> names = new ArrayList<>();
    for (Object item : Tree.list(obj, "status", "containerStatuses")) {
      if (item instanceof Map<?, ?> cs
          && cs.get("state") instanceof Map<?, ?> state
          && state.get("waiting") instanceof Map<?, ?> waiting
          && reasons.contains(str(waiting.get("reason")))) {
        names.add(str(cs.get("name")));
      }
    }
    return names;
  }

  private static Result pvc(Map<String, Object> obj) {
    String phase = Tree.string(obj, "unknown", "status", "phase");
    if (!phase.equals("Bound")) {
      return inProgress("PVC is not Bound. phase: " + phase);
    }
    return current("PVC is Bound");
  }

  private static Result service(Map<String, Object> obj) {
    if ("LoadBalancer".equals(Tree.string(obj, "ClusterIP", "spec", "type"))
        && Tree.list(obj, "status", "loadBalancer", "ingress").isEmpty()) {
      return inProgress("LoadBalancer ingress not assigned. Service type: LoadBalancer");
    }
    return current("Service is ready");
  }

  private static Result namespace(Map<String, Object> obj) {
    if ("Terminating".equals(Tree.string(obj, "", "status", "phase"))) {
      return new Result(HealthStatus.TERMINATING, "Namespace is terminating");
    }
    return current("Namespace is active");
  }

  private static Result crd(Map<String, Object> obj) {
    for (Condition c : conditions(obj)) {
      if (c.type().equals("NamesAccepted") && c.status().equals("False")) {
        return failed(c.message().isEmpty() ? c.reason() : c.message());
      }
      if (c.type().equals("Established")) {
        if (c.status().equals("False") && !c.reason().equals("Installing")) {
          return failed(c.message().isEmpty() ? c.reason() : c.message());
        }
        if (c.status().equals("True")) {
          return current("CRD is established");
        }
      }
    }
    return inProgress("Install in progress");
  }

  private static Result readyCondition(Map<String, Object> obj) {
    Condition ready = condition(conditions(obj), "Ready");
    if (ready == null) {
      return null;
    }
    if (ready.status().equals("True")) {
      return current("Resource is Ready");
    }
    String why = ready.message().isEmpty() ? ready.reason() : ready.message();
    return inProgress(why.isEmpty() ? "Ready condition is " + ready.status() : why);
  }
}
