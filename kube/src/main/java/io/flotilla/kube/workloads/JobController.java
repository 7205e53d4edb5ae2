package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.HumanDuration;
import io.flotilla.kube.base.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * kube-controller-manager's Job controller (1.32): runs {@code parallelism} Pods {@code <job>-<5
 * random characters>} ({@code <job>-<index>-…} for Indexed Jobs) until {@code completions} have
 * succeeded, replaces failed ones until the backoff limit, and reports it ({@link JobStatuses}).
 * Each Pod carries the {@code batch.kubernetes.io/job-tracking} finalizer: a finished Pod is first
 * recorded in {@code uncountedTerminatedPods}, then its finalizer is removed, then it is counted,
 * so a count survives the Pod's deletion. Finished Jobs are deleted after {@code
 * ttlSecondsAfterFinished}, as the TTL controller does.
 */
public final class JobController implements ControlLoop {
  static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private final ControlPlane cp;

  public JobController(ControlPlane cp) {
    this.cp = cp;
  }

  @Override
  public Duration reconcile(ObjectNode job) {
    List<ObjectNode> pods = cp.owned(cp.pods, job);
    if (ControlPlane.deleting(job)) {
      pods.forEach(this::release); // what it tracked may go now (foreground deletion waits on it)
      return null;
    }
    JsonNode spec = job.path("spec");
    JsonNode old = job.path("status");
    if (JobStatuses.finished(old)) {
      pods.forEach(this::release);
      return expireAfterTtl(job);
    }

    // 1. finished Pods are recorded as uncounted before their finalizer goes
    Set<String> uncountedSucceeded = uids(old, "succeeded");
    Set<String> uncountedFailed = uids(old, "failed");
    SortedSet<Integer> completedIndexes = new TreeSet<>();
    JobStatuses.parseRanges(old.path("completedIndexes").asText(null), completedIndexes);
    boolean recorded = false;
    for (ObjectNode p : pods) {
      if (!tracked(p)) {
        continue;
      }
      String uid = Json.text(p, "metadata", "uid");
      String phase = p.path("status").path("phase").asText("");
      if (phase.equals("Succeeded")) {
        recorded |= uncountedSucceeded.add(uid);
        int index = index(p);
        if (JobStatuses.indexed(spec) && index >= 0) {
          completedIndexes.add(index);
        }
      } else if (phase.equals("Failed") || ControlPlane.deleting(p)) {
        recorded |= uncountedFailed.add(uid); // a Pod deleted before it finished failed
      }
    }
    if (recorded) {
      job =
          writeStatus(
              job,
              JobStatuses.withUncounted(
                  spec, old, uncountedSucceeded, uncountedFailed, completedIndexes));
      old = job.path("status");
    }

    // 2. their finalizers go; 3. they are counted
    for (ObjectNode p : pods) {
      String uid = Json.text(p, "metadata", "uid");
      if (uncountedSucceeded.contains(uid) || uncountedFailed.contains(uid)) {
        release(p);
      }
    }
    List<ObjectNode> current = new ArrayList<>();
    for (ObjectNode p : cp.owned(cp.pods, job)) {
      current.add(p);
    }
    JobStatuses.Counts c =
        counts(
            current,
            old.path("succeeded").asLong(0) + uncountedSucceeded.size(),
            old.path("failed").asLong(0) + uncountedFailed.size(),
            completedIndexes);

    // 4. act on the verdict
    Instant now = Instant.now();
    JobStatuses.Verdict v = JobStatuses.verdict(spec, old, c, now);
    List<ObjectNode> active = new ArrayList<>();
    for (ObjectNode p : current) {
      if (Pods.active(p)) {
        active.add(p);
      }
    }
    int deleted = 0;
    int created = 0;
    switch (v) {
      case JobStatuses.Run r -> {
        if (active.size() < r.want()) {
          created = start(job, active, completedIndexes, r.want() - active.size());
        } else if (active.size() > r.want()) {
          active.sort(Pods.DELETE_FIRST);
          deleted = stop(active.subList(0, active.size() - r.want()));
        }
      }
      case JobStatuses.Suspend s -> deleted = stop(active);
      case JobStatuses.Succeed s -> deleted = stop(active);
      case JobStatuses.Fail f -> deleted = stop(active);
    }
    JobStatuses.Counts after =
        new JobStatuses.Counts(
            c.active() + created - deleted,
            c.ready(),
            c.terminating() + deleted,
            c.succeeded(),
            c.failed(),
            c.restarts(),
            completedIndexes);
    ObjectNode status = JobStatuses.next(spec, old, v, after, Json.now());
    ObjectNode written = writeStatus(job, status);
    if (JobStatuses.finished(written.path("status"))) {
      return expireAfterTtl(written);
    }
    return v instanceof JobStatuses.Run
        ? JobStatuses.deadlineLeft(spec, written.path("status"), now)
        : null;
  }

  private ObjectNode writeStatus(ObjectNode job, ObjectNode status) {
    return cp.writeStatus(cp.jobs, job, status, ControlPlane.CONTROLLER_MANAGER);
  }

  /** Creates {@code count} Pods from the template (missing indexes first, for Indexed Jobs). */
  private int start(
      ObjectNode job, List<ObjectNode> active, SortedSet<Integer> completed, int count) {
    JsonNode spec = job.path("spec");
    String ns = Json.text(job, "metadata", "namespace");
    String name = Json.text(job, "metadata", "name");
    List<Integer> indexes = new ArrayList<>();
    if (JobStatuses.indexed(spec)) {
      Set<Integer> running = new LinkedHashSet<>();
      active.forEach(p -> running.add(index(p)));
      int completions = spec.path("completions").asInt(0);
      for (int i = 0; i < completions && indexes.size() < count; i++) {
        if (!completed.contains(i) && !running.contains(i)) {
          indexes.add(i);
        }
      }
    } else {
      for (int i = 0; i < count; i++) {
        indexes.add(-1);
      }
    }
    for (int index : indexes) {
      String prefix = index < 0 ? name + "-" : name + "-" + index + "-";
      ObjectNode pod =
          Pods.fromTemplate(spec.path("template"), cp.jobs, job, cp.pods, null, prefix);
      ObjectNode meta = Json.meta(pod);
      ArrayNode finalizers =
          meta.get("finalizers") instanceof ArrayNode f ? f : meta.putArray("finalizers");
      finalizers.add(TRACKING_FINALIZER);
      if (index >= 0) {
        withIndex(pod, name, index);
      }
      cp.create(cp.pods, ns, pod);
    }
    return indexes.size();
  }

  /** What an Indexed Job's Pod gets: its index as annotation, label and env, and a hostname. */
  private static void withIndex(ObjectNode pod, String job, int index) {
    ObjectNode meta = Json.meta(pod);
    Json.child(meta, "annotations").put(COMPLETION_INDEX, Integer.toString(index));
    Json.child(meta, "labels").put(COMPLETION_INDEX, Integer.toString(index));
    ObjectNode podSpec = Json.child(pod, "spec");
    if (podSpec.path("hostname").asText("").isEmpty()) {
      podSpec.put("hostname", job + "-" + index);
    }
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode c : podSpec.path(list)) {
        if (c instanceof ObjectNode container) {
          addIndexEnv(container);
        }
      }
    }
  }

  private static void addIndexEnv(ObjectNode container) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals("JOB_COMPLETION_INDEX")) {
        return;
      }
    }
    ArrayNode env = container.get("env") instanceof ArrayNode a ? a : container.putArray("env");
    ObjectNode var = env.addObject().put("name", "JOB_COMPLETION_INDEX");
    var.putObject("valueFrom")
        .putObject("fieldRef")
        .put("fieldPath", "metadata.labels['" + COMPLETION_INDEX + "']");
  }

  private int stop(List<ObjectNode> pods) {
    for (ObjectNode p : pods) {
      cp.delete(cp.pods, p);
    }
    return pods.size();
  }

  /**
   * Removes the tracking finalizer from {@code pod} when it has one and no Job will count it any
   * more: finished, being deleted, or no longer owned by a live Job of that uid.
   */
  void release(ObjectNode pod) {
    if (!tracked(pod)) {
      return;
    }
    ObjectNode n = pod.deepCopy();
    ArrayNode kept = Json.array();
    for (JsonNode f : pod.path("metadata").path("finalizers")) {
      if (!f.asText().equals(TRACKING_FINALIZER)) {
        kept.add(f);
      }
    }
    if (kept.isEmpty()) {
      Json.meta(n).remove("finalizers");
    } else {
      Json.meta(n).set("finalizers", kept);
    }
    try {
      cp.update(cp.pods, n, ControlPlane.CONTROLLER_MANAGER);
    } catch (ApiException e) {
      if (e.code != 404) {
        throw e;
      }
    }
  }

  /**
   * A Pod whose Job is gone (or that lost its owner reference) keeps the tracking finalizer until
   * the controller removes it, as it does for orphans.
   *
   * @return whether it was removed (the Pod read before is stale then)
   */
  public boolean releaseOrphan(ObjectNode pod) {
    if (!tracked(pod)) {
      return false;
    }
    Owners.ControllerRef ref = Owners.controllerOf(pod);
    ObjectNode job =
        ref == null || !ref.kind().equals("Job")
            ? null
            : cp.core.store.get(
                cp.jobs.storageKey(), Json.text(pod, "metadata", "namespace"), ref.name());
    if (job == null || !Json.text(job, "metadata", "uid").equals(ref.uid())) {
      release(pod);
      return true;
    }
    return false;
  }

  static boolean tracked(JsonNode pod) {
    for (JsonNode f : pod.path("metadata").path("finalizers")) {
      if (f.asText().equals(TRACKING_FINALIZER)) {
        return true;
      }
    }
    return false;
  }

  /** The TTL controller: a finished Job with {@code ttlSecondsAfterFinished} goes after it. */
  private Duration expireAfterTtl(ObjectNode job) {
    JsonNode ttl = job.path("spec").get("ttlSecondsAfterFinished");
    if (ttl == null || !ttl.isNumber()) {
      return null;
    }
    Instant finished = null;
    for (JsonNode c : job.path("status").path("conditions")) {
      String type = c.path("type").asText();
      if ((type.equals("Complete") || type.equals("Failed"))
          && c.path("status").asText().equals("True")) {
        finished = HumanDuration.parseOrNull(c.path("lastTransitionTime").asText(null));
      }
    }
    if (finished == null) {
      return null;
    }
    Duration left = Duration.between(Instant.now(), finished.plusSeconds(ttl.asLong()));
    if (left.isNegative() || left.isZero()) {
      cp.delete(cp.jobs, job, "Foreground");
      return null;
    }
    return left;
  }

  private static JobStatuses.Counts counts(
      List<ObjectNode> pods, long succeeded, long failed, SortedSet<Integer> completedIndexes) {
    int active = 0;
    int ready = 0;
    int terminating = 0;
    int restarts = 0;
    for (ObjectNode p : pods) {
      String phase = p.path("status").path("phase").asText("");
      boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
      if (ControlPlane.deleting(p)) {
        if (!terminal) {
          terminating++;
        }
      } else if (!terminal) {
        active++;
        if (Pods.ready(p)) {
          ready++;
        }
        for (String list : List.of("initContainerStatuses", "containerStatuses")) {
          for (JsonNode s : p.path("status").path(list)) {
            restarts += s.path("restartCount").asInt(0);
          }
        }
      }
    }
    return new JobStatuses.Counts(
        active, ready, terminating, succeeded, failed, restarts, completedIndexes);
  }

  private static Set<String> uids(JsonNode status, String field) {
    Set<String> out = new LinkedHashSet<>();
    status.path("uncountedTerminatedPods").path(field).forEach(u -> out.add(u.asText()));
    return out;
  }

  private static int index(JsonNode pod) {
    try {
      return Integer.parseInt(
          pod.path("metadata").path("annotations").path(COMPLETION_INDEX).asText("-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
