package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.CronSchedule;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager's CronJob controller (v2, 1.32): at each time its schedule names (in
 * {@code spec.timeZone}, UTC otherwise) it creates Job {@code <cronjob>-<minutes since the epoch>}
 * from {@code jobTemplate}, owned by the CronJob and annotated with the scheduled time; it honours
 * {@code suspend}, {@code startingDeadlineSeconds} and the concurrency policy (Allow, Forbid,
 * Replace), keeps {@code status.active}, {@code lastScheduleTime} and {@code lastSuccessfulTime},
 * and deletes finished Jobs beyond the history limits. Only the latest missed time is run, as the
 * controller does.
 */
public final class CronJobController extends WorkloadLoop {
  private static final Logger LOG = LoggerFactory.getLogger(CronJobController.class);
  static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
  private static final Duration NEXT_PASS_SLACK = Duration.ofMillis(100);
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  public CronJobController(ControlPlane cp) {
    super(cp);
  }

  @Override
  Duration sync(ObjectNode cj) {
    JsonNode spec = cj.path("spec");
    JsonNode old = cj.path("status");
    List<ObjectNode> jobs = cp.owned(cp.jobs, cj);
    ObjectNode status = Json.object();
    ArrayNode active = Json.array();
    String lastSuccess = Json.text(old, "lastSuccessfulTime");
    List<ObjectNode> running = new ArrayList<>();
    for (ObjectNode j : jobs) {
      JsonNode js = j.path("status");
      if (JobStatuses.finished(js)) {
        String done = Json.text(js, "completionTime");
        if (JobStatuses.isTrue(js, "Complete")
            && done != null
            && (lastSuccess == null || Instant.parse(done).isAfter(Instant.parse(lastSuccess)))) {
          lastSuccess = done;
        }
      } else if (!ControlPlane.deleting(j)) {
        running.add(j);
        active.add(known(old, j));
      }
    }
    String lastSchedule = Json.text(old, "lastScheduleTime");
    Duration again = null;
    CronSchedule schedule;
    ZoneId zone;
    try {
      schedule = CronSchedule.parse(spec.path("schedule").asText(""));
      zone = CronSchedule.zone(Json.text(spec, "timeZone"));
    } catch (RuntimeException e) {
      LOG.debug("cronjob {}: {}", Json.text(cj, "metadata", "name"), e.getMessage());
      schedule = null;
      zone = null;
    }
    if (schedule != null && !spec.path("suspend").asBoolean(false)) {
      ZonedDateTime now = ZonedDateTime.now(zone);
      ZonedDateTime due = mostRecent(cj, spec, schedule, now);
      if (due != null && !tooLate(spec, due, now) && allowed(spec, running)) {
        ObjectNode job = createJob(cj, due);
        if (job != null) {
          active.add(ref(job));
        }
        lastSchedule = due.toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
      }
      ZonedDateTime next = schedule.next(now);
      if (next != null) {
        again = Duration.between(now, next).plus(NEXT_PASS_SLACK);
      }
    }
    if (!active.isEmpty()) {
      status.set("active", active);
    }
    Json.putIfNotNull(status, "lastScheduleTime", lastSchedule);
    Json.putIfNotNull(status, "lastSuccessfulTime", lastSuccess);
    cp.writeStatus(cp.cronJobs, cj, status, ControlPlane.CONTROLLER_MANAGER);
    cleanUp(spec, jobs);
    return again;
  }

  /**
   * The latest scheduled time after the last one run (or the CronJob's creation) that is not later
   * than {@code now}, or null when none is due.
   */
  public static ZonedDateTime mostRecent(
      JsonNode cj, JsonNode spec, CronSchedule schedule, ZonedDateTime now) {
    String from = Json.text(cj, "status", "lastScheduleTime");
    if (from == null) {
      from = Json.text(cj, "metadata", "creationTimestamp");
    }
    ZonedDateTime t = Instant.parse(from).atZone(now.getZone());
    JsonNode deadline = spec.get("startingDeadlineSeconds");
    if (deadline != null && deadline.isNumber()) {
      ZonedDateTime earliest = now.minusSeconds(deadline.asLong());
      if (earliest.isAfter(t)) {
        t = earliest;
      }
    }
    ZonedDateTime last = null;
    for (int i = 0; i < 100_000; i++) {
      ZonedDateTime n = schedule.next(t);
      if (n == null || n.isAfter(now)) {
        break;
      }
      last = n;
      t = n;
    }
    return last;
  }

  private static boolean tooLate(JsonNode spec, ZonedDateTime due, ZonedDateTime now) {
    JsonNode deadline = spec.get("startingDeadlineSeconds");
    return deadline != null
        && deadline.isNumber()
        && due.plusSeconds(deadline.asLong()).isBefore(now);
  }

  /** Forbid waits for the running Job; Replace deletes it; Allow runs another beside it. */
  private boolean allowed(JsonNode spec, List<ObjectNode> running) {
    switch (spec.path("concurrencyPolicy").asText("Allow")) {
      case "Forbid" -> {
        return running.isEmpty();
      }
      case "Replace" -> running.forEach(j -> cp.delete(cp.jobs, j));
      default -> {}
    }
    return true;
  }

  /** {@code getJobFromTemplate2}: the template's metadata and spec, owned by the CronJob. */
  private ObjectNode createJob(ObjectNode cj, ZonedDateTime due) {
    JsonNode template = cj.path("spec").path("jobTemplate");
    ObjectNode job = Json.object();
    job.put("apiVersion", cp.jobs.apiVersion());
    job.put("kind", cp.jobs.kind());
    ObjectNode meta = job.putObject("metadata");
    meta.put(
        "name", Json.text(cj, "metadata", "name") + "-" + due.toInstant().getEpochSecond() / 60);
    ControlPlane.copyMetadata(template, meta, List.of("labels", "annotations"));
    Json.child(meta, "annotations").put(SCHEDULED_TIMESTAMP, due.format(RFC3339));
    meta.putArray("ownerReferences").add(Owners.controllerRef(cp.cronJobs, cj));
    JsonNode spec = template.get("spec");
    job.set("spec", spec instanceof ObjectNode s ? s.deepCopy() : Json.object());
    try {
      return cp.create(cp.jobs, Json.text(cj, "metadata", "namespace"), job);
    } catch (ApiException e) {
      if ("AlreadyExists".equals(e.reason)) {
        return null; // made by an earlier pass whose status write was lost
      }
      throw e;
    }
  }

  /** {@code cleanupFinishedJobs}: the oldest finished Jobs beyond each history limit go. */
  private void cleanUp(JsonNode spec, List<ObjectNode> jobs) {
    List<ObjectNode> succeeded = new ArrayList<>();
    List<ObjectNode> failed = new ArrayList<>();
    for (ObjectNode j : jobs) {
      if (ControlPlane.deleting(j)) {
        continue;
      }
      if (JobStatuses.isTrue(j.path("status"), "Complete")) {
        succeeded.add(j);
      } else if (JobStatuses.isTrue(j.path("status"), "Failed")) {
        failed.add(j);
      }
    }
    trim(succeeded, spec.get("successfulJobsHistoryLimit"));
    trim(failed, spec.get("failedJobsHistoryLimit"));
  }

  private void trim(List<ObjectNode> finished, JsonNode limit) {
    if (limit == null || !limit.isNumber() || finished.size() <= limit.asInt()) {
      return;
    }
    finished.sort(
        Comparator.comparing((ObjectNode j) -> j.path("status").path("startTime").asText(""))
            .thenComparing(j -> Json.text(j, "metadata", "name")));
    for (ObjectNode j : finished.subList(0, finished.size() - limit.asInt())) {
      cp.delete(cp.jobs, j);
    }
  }

  /** The reference written when the Job was made (its resourceVersion then), else a new one. */
  private static JsonNode known(JsonNode old, JsonNode job) {
    String uid = Json.text(job, "metadata", "uid");
    for (JsonNode r : old.path("active")) {
      if (uid.equals(r.path("uid").asText())) {
        return r.deepCopy();
      }
    }
    return ref(job);
  }

  private static ObjectNode ref(JsonNode job) {
    ObjectNode r = Json.object();
    r.put("kind", "Job");
    r.put("namespace", Json.text(job, "metadata", "namespace"));
    r.put("name", Json.text(job, "metadata", "name"));
    r.put("uid", Json.text(job, "metadata", "uid"));
    r.put("apiVersion", "batch/v1");
    r.put("resourceVersion", Json.text(job, "metadata", "resourceVersion"));
    return r;
  }
}
