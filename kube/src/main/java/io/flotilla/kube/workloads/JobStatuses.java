package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.HumanDuration;
import io.flotilla.kube.base.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.SortedSet;

/**
 * The Job controller's (1.32) judgement and status, as pure functions of the Job and a count of its
 * Pods: whether it runs, is suspended, has met its success criteria or must fail (backoff limit,
 * restarts under OnFailure, active deadline), and the status it reports — {@code
 * SuccessCriteriaMet} then {@code Complete}, or {@code FailureTarget} then {@code Failed}, the
 * terminal condition only once no Pod is left running.
 */
final class JobStatuses {
  static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  private static final String COMPLETIONS_REACHED = "CompletionsReached";
  private static final String REACHED = "Reached expected number of succeeded pods";

  private JobStatuses() {}

  /** What the controller does with a Job this pass. */
  sealed interface Verdict permits Run, Suspend, Succeed, Fail {}

  /** Keep {@code want} Pods running. */
  record Run(int want) implements Verdict {}

  /** Run nothing until it is resumed. */
  record Suspend() implements Verdict {}

  /** Its success criteria are met: stop what runs, then complete. */
  record Succeed() implements Verdict {}

  /** It fails: stop what runs, then report Failed. */
  record Fail(String reason, String message) implements Verdict {}

  /**
   * Its Pods as the controller counts them: {@code succeeded} and {@code failed} include the ones
   * counted before (status) and the ones counted now; {@code restarts} sums the container restarts
   * of its running Pods (what OnFailure's backoff limit counts).
   */
  record Counts(
      int active,
      int ready,
      int terminating,
      long succeeded,
      long failed,
      int restarts,
      SortedSet<Integer> completedIndexes) {}

  static boolean finished(JsonNode status) {
    return isTrue(status, "Complete") || isTrue(status, "Failed");
  }

  static boolean isTrue(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c.path("status").asText().equals("True");
      }
    }
    return false;
  }

  static boolean indexed(JsonNode spec) {
    return spec.path("completionMode").asText("").equals("Indexed");
  }

  /** {@code syncJob}'s order: a verdict once reached stands, then failure, then success. */
  static Verdict verdict(JsonNode spec, JsonNode old, Counts c, Instant now) {
    for (JsonNode cond : old.path("conditions")) {
      if (cond.path("status").asText().equals("True")) {
        switch (cond.path("type").asText()) {
          case "FailureTarget" -> {
            return new Fail(cond.path("reason").asText(), cond.path("message").asText());
          }
          case "SuccessCriteriaMet" -> {
            return new Succeed();
          }
          default -> {}
        }
      }
    }
    int backoffLimit = spec.path("backoffLimit").asInt(6);
    if (c.failed() > backoffLimit || pastBackoffLimitOnFailure(spec, c.restarts())) {
      return new Fail(BACKOFF_LIMIT_EXCEEDED, "Job has reached the specified backoff limit");
    }
    if (deadlineLeft(spec, old, now) instanceof Duration left && left.isZero()) {
      return new Fail(DEADLINE_EXCEEDED, "Job was active longer than specified deadline");
    }
    JsonNode completions = spec.get("completions");
    boolean hasCompletions = completions != null && !completions.isNull();
    if (indexed(spec)
        ? hasCompletions && c.completedIndexes().size() >= completions.asInt()
        : hasCompletions
            ? c.succeeded() >= completions.asInt()
            : c.succeeded() > 0 && c.active() == 0) {
      return new Succeed();
    }
    if (spec.path("suspend").asBoolean(false)) {
      return new Suspend();
    }
    int parallelism = spec.path("parallelism").asInt(1);
    int want;
    if (!hasCompletions) {
      // a work queue: once one Pod succeeded, no new ones start
      want = c.succeeded() > 0 ? Math.min(c.active(), parallelism) : parallelism;
    } else if (indexed(spec)) {
      want = (int) Math.min(parallelism, completions.asLong() - c.completedIndexes().size());
    } else {
      want = (int) Math.min(parallelism, Math.max(0, completions.asLong() - c.succeeded()));
    }
    return new Run(want);
  }

  /** {@code pastBackoffLimitOnFailure}: restarts under OnFailure count against the limit. */
  private static boolean pastBackoffLimitOnFailure(JsonNode spec, int restarts) {
    if (!spec.path("template").path("spec").path("restartPolicy").asText("").equals("OnFailure")) {
      return false;
    }
    int limit = spec.path("backoffLimit").asInt(6);
    return limit == 0 ? restarts > 0 : restarts >= limit;
  }

  /** How long the Job may still run under {@code activeDeadlineSeconds}, or null without one. */
  static Duration deadlineLeft(JsonNode spec, JsonNode old, Instant now) {
    JsonNode ads = spec.get("activeDeadlineSeconds");
    Instant start = HumanDuration.parseOrNull(old.path("startTime").asText(null));
    if (ads == null || !ads.isNumber() || start == null) {
      return null;
    }
    Duration left = Duration.between(now, start.plusSeconds(ads.asLong()));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * The status after this pass: counters (every finished Pod counted by now) and the conditions the
   * verdict adds.
   */
  static ObjectNode next(JsonNode spec, JsonNode old, Verdict v, Counts c, String now) {
    ArrayNode conds = Json.array();
    old.path("conditions").forEach(x -> conds.add(x.deepCopy()));
    String startTime = old.path("startTime").asText(null);
    String completionTime = null;
    boolean drained = c.active() == 0 && c.terminating() == 0;
    switch (v) {
      case Run r -> {
        if (isTrue(old, "Suspended")) {
          replace(conds, condition("Suspended", "False", "JobResumed", "Job resumed", now));
          startTime = now; // a resumed Job starts its clock again
        }
        if (startTime == null) {
          startTime = now;
        }
      }
      case Suspend s -> {
        if (!isTrue(old, "Suspended")) {
          replace(conds, condition("Suspended", "True", "JobSuspended", "Job suspended", now));
        }
      }
      case Succeed s -> {
        addOnce(conds, condition("SuccessCriteriaMet", "True", COMPLETIONS_REACHED, REACHED, now));
        if (drained) {
          addOnce(conds, condition("Complete", "True", COMPLETIONS_REACHED, REACHED, now));
          completionTime = now;
        }
      }
      case Fail f -> {
        addOnce(conds, condition("FailureTarget", "True", f.reason(), f.message(), now));
        if (drained) {
          addOnce(conds, condition("Failed", "True", f.reason(), f.message(), now));
        }
      }
    }
    ObjectNode s = Json.object();
    if (!conds.isEmpty()) {
      s.set("conditions", conds);
    }
    Json.putIfNotNull(s, "startTime", startTime);
    Json.putIfNotNull(s, "completionTime", completionTime);
    ReplicaSetController.putIfPositive(s, "active", c.active());
    ReplicaSetController.putIfPositive(s, "succeeded", c.succeeded());
    ReplicaSetController.putIfPositive(s, "failed", c.failed());
    s.put("terminating", c.terminating());
    if (indexed(spec) && !c.completedIndexes().isEmpty()) {
      s.put("completedIndexes", ranges(c.completedIndexes()));
    }
    s.putObject("uncountedTerminatedPods"); // all counted by now
    s.put("ready", c.ready());
    return s;
  }

  /**
   * {@code old} with finished Pods recorded as not yet counted (and their indexes as completed):
   * what the controller writes before it removes their finalizers.
   */
  static ObjectNode withUncounted(
      JsonNode spec,
      JsonNode old,
      Collection<String> succeeded,
      Collection<String> failed,
      SortedSet<Integer> completedIndexes) {
    ObjectNode s = old instanceof ObjectNode o ? o.deepCopy() : Json.object();
    if (indexed(spec) && !completedIndexes.isEmpty()) {
      s.put("completedIndexes", ranges(completedIndexes));
    }
    ObjectNode uncounted = Json.object();
    if (!succeeded.isEmpty()) {
      succeeded.forEach(uncounted.putArray("succeeded")::add);
    }
    if (!failed.isEmpty()) {
      failed.forEach(uncounted.putArray("failed")::add);
    }
    s.set("uncountedTerminatedPods", uncounted);
    return s;
  }

  /** {@code completedIndexes} as the controller writes it: {@code 0-2,5,7-8}. */
  static String ranges(SortedSet<Integer> indexes) {
    StringBuilder out = new StringBuilder();
    Integer first = null;
    Integer last = null;
    for (int i : indexes) {
      if (last != null && i == last + 1) {
        last = i;
        continue;
      }
      appendRange(out, first, last);
      first = i;
      last = i;
    }
    appendRange(out, first, last);
    return out.toString();
  }

  private static void appendRange(StringBuilder out, Integer first, Integer last) {
    if (first == null) {
      return;
    }
    if (!out.isEmpty()) {
      out.append(',');
    }
    out.append(first);
    if (!last.equals(first)) {
      out.append('-').append(last);
    }
  }

  /** The indexes {@code completedIndexes} names. */
  static void parseRanges(String text, SortedSet<Integer> into) {
    if (text == null || text.isEmpty()) {
      return;
    }
    for (String part : text.split(",")) {
      int dash = part.indexOf('-');
      try {
        int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
        for (int i = from; i <= to; i++) {
          into.add(i);
        }
      } catch (NumberFormatException e) {
        // written by someone else: ignore what does not parse, as the controller does
      }
    }
  }

  private static void addOnce(ArrayNode conds, ObjectNode c) {
    for (JsonNode x : conds) {
      if (x.path("type").asText().equals(c.path("type").asText())) {
        return;
      }
    }
    conds.add(c);
  }

  private static void replace(ArrayNode conds, ObjectNode c) {
    for (int i = 0; i < conds.size(); i++) {
      if (conds.get(i).path("type").asText().equals(c.path("type").asText())) {
        conds.set(i, c);
        return;
      }
    }
    conds.add(c);
  }

  private static ObjectNode condition(
      String type, String status, String reason, String message, String now) {
    return WorkloadConditions.of(type, status, "lastProbeTime", now, reason, message);
  }
}
