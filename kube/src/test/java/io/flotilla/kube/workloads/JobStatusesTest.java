package io.flotilla.kube.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Job controller's judgement and the status it writes, given counts of a Job's Pods. */
class JobStatusesTest {
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  static final String T = "2025-01-01T12:00:00Z";

  static JsonNode yaml(String text) throws Exception {
    return Json.YAML.readTree(text);
  }

  static JobStatuses.Counts counts(int active, long succeeded, long failed, int restarts) {
    return new JobStatuses.Counts(active, 0, 0, succeeded, failed, restarts, new TreeSet<>());
  }

  static final String SPEC =
      """
      completions: 3
      parallelism: 2
      backoffLimit: 2
      template: {spec: {restartPolicy: Never}}
      """;

  @Test
  void runsUpToParallelismButNoMoreThanTheCompletionsLeft() throws Exception {
    JsonNode spec = yaml(SPEC);
    JsonNode none = Json.object();
    assertThat(JobStatuses.verdict(spec, none, counts(0, 0, 0, 0), NOW))
        .isEqualTo(new JobStatuses.Run(2));
    assertThat(JobStatuses.verdict(spec, none, counts(1, 2, 0, 0), NOW))
        .isEqualTo(new JobStatuses.Run(1));
    assertThat(JobStatuses.verdict(spec, none, counts(0, 3, 0, 0), NOW))
        .isEqualTo(new JobStatuses.Succeed());
    // a work queue (no completions) starts no new Pod once one succeeded
    JsonNode queue = yaml("parallelism: 3\ntemplate: {spec: {restartPolicy: Never}}");
    assertThat(JobStatuses.verdict(queue, none, counts(2, 1, 0, 0), NOW))
        .isEqualTo(new JobStatuses.Run(2));
    assertThat(JobStatuses.verdict(queue, none, counts(0, 1, 0, 0), NOW))
        .isEqualTo(new JobStatuses.Succeed());
  }

  @Test
  void failsPastTheBackoffLimitOrOnRestartsUnderOnFailureOrAfterItsDeadline() throws Exception {
    JsonNode spec = yaml(SPEC);
    JsonNode none = Json.object();
    JobStatuses.Fail backoff =
        new JobStatuses.Fail("BackoffLimitExceeded", "Job has reached the specified backoff limit");
    assertThat(JobStatuses.verdict(spec, none, counts(1, 0, 2, 0), NOW))
        .isEqualTo(new JobStatuses.Run(2));
    assertThat(JobStatuses.verdict(spec, none, counts(1, 0, 3, 0), NOW)).isEqualTo(backoff);

    JsonNode onFailure =
        yaml("backoffLimit: 0\ntemplate: {spec: {restartPolicy: OnFailure}}\ncompletions: 1");
    assertThat(JobStatuses.verdict(onFailure, none, counts(1, 0, 0, 0), NOW))
        .isEqualTo(new JobStatuses.Run(1));
    assertThat(JobStatuses.verdict(onFailure, none, counts(1, 0, 0, 1), NOW)).isEqualTo(backoff);

    JsonNode deadline =
        yaml("activeDeadlineSeconds: 60\ncompletions: 1\ntemplate: {spec: {restartPolicy: Never}}");
    JsonNode started = yaml("startTime: '2025-01-01T11:58:00Z'");
    assertThat(JobStatuses.verdict(deadline, started, counts(1, 0, 0, 0), NOW))
        .isEqualTo(
            new JobStatuses.Fail(
                "DeadlineExceeded", "Job was active longer than specified deadline"));
    // once reached, a verdict stands
    JsonNode target =
        yaml("conditions: [{type: FailureTarget, status: 'True', reason: R, message: M}]");
    assertThat(JobStatuses.verdict(spec, target, counts(0, 3, 0, 0), NOW))
        .isEqualTo(new JobStatuses.Fail("R", "M"));
  }

  @Test
  void theTerminalConditionWaitsUntilNoPodIsLeftRunning() throws Exception {
    JsonNode spec = yaml(SPEC);
    JsonNode old = yaml("startTime: '2025-01-01T11:00:00Z'");
    JobStatuses.Fail fail =
        new JobStatuses.Fail("BackoffLimitExceeded", "Job has reached the specified backoff limit");
    ObjectNode stopping =
        JobStatuses.next(
            spec, old, fail, new JobStatuses.Counts(0, 0, 1, 0, 3, 0, new TreeSet<>()), T);
    assertThat(types(stopping)).containsExactly("FailureTarget");
    ObjectNode failed = JobStatuses.next(spec, stopping, fail, counts(0, 0, 4, 0), T);
    assertThat(types(failed)).containsExactly("FailureTarget", "Failed");
    assertThat(failed.toString())
        .isEqualTo(
            "{\"conditions\":[{\"type\":\"FailureTarget\",\"status\":\"True\",\"lastProbeTime\":\""
                + T
                + "\",\"lastTransitionTime\":\""
                + T
                + "\",\"reason\":\"BackoffLimitExceeded\",\"message\":\"Job has reached the"
                + " specified backoff limit\"},{\"type\":\"Failed\",\"status\":\"True\","
                + "\"lastProbeTime\":\""
                + T
                + "\",\"lastTransitionTime\":\""
                + T
                + "\",\"reason\":\"BackoffLimitExceeded\",\"message\":\"Job has reached the"
                + " specified backoff limit\"}],\"startTime\":\"2025-01-01T11:00:00Z\","
                + "\"failed\":4,\"terminating\":0,\"uncountedTerminatedPods\":{},\"ready\":0}");

    ObjectNode done = JobStatuses.next(spec, old, new JobStatuses.Succeed(), counts(0, 3, 0, 0), T);
    assertThat(types(done)).containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(done.path("completionTime").asText()).isEqualTo(T);
    assertThat(done.path("succeeded").asInt()).isEqualTo(3);
  }

  @Test
  void suspendingAndResumingFlipTheSuspendedConditionAndRestartTheClock() throws Exception {
    JsonNode spec = yaml(SPEC);
    ObjectNode suspended =
        JobStatuses.next(spec, Json.object(), new JobStatuses.Suspend(), counts(0, 0, 0, 0), T);
    assertThat(suspended.toString())
        .isEqualTo(
            "{\"conditions\":[{\"type\":\"Suspended\",\"status\":\"True\",\"lastProbeTime\":\""
                + T
                + "\",\"lastTransitionTime\":\""
                + T
                + "\",\"reason\":\"JobSuspended\",\"message\":\"Job suspended\"}],"
                + "\"terminating\":0,\"uncountedTerminatedPods\":{},\"ready\":0}");
    ObjectNode resumed =
        JobStatuses.next(spec, suspended, new JobStatuses.Run(2), counts(2, 0, 0, 0), T);
    JsonNode c = resumed.path("conditions").get(0);
    assertThat(c.path("status").asText() + " " + c.path("reason").asText())
        .isEqualTo("False JobResumed");
    assertThat(resumed.path("startTime").asText()).isEqualTo(T);
    assertThat(resumed.path("active").asInt()).isEqualTo(2);
  }

  @Test
  void indexedJobsCompleteWhenEveryIndexHasAndWriteTheirIndexesAsRanges() throws Exception {
    JsonNode spec =
        yaml("completions: 4\nparallelism: 4\ncompletionMode: Indexed\ntemplate: {spec: {}}");
    TreeSet<Integer> done = new TreeSet<>(List.of(0, 1, 3));
    JobStatuses.Counts c = new JobStatuses.Counts(1, 0, 0, 3, 0, 0, done);
    assertThat(JobStatuses.verdict(spec, Json.object(), c, NOW)).isEqualTo(new JobStatuses.Run(1));
    assertThat(
            JobStatuses.next(spec, Json.object(), new JobStatuses.Run(1), c, T)
                .path("completedIndexes")
                .asText())
        .isEqualTo("0-1,3");
    done.add(2);
    assertThat(JobStatuses.verdict(spec, Json.object(), c, NOW))
        .isEqualTo(new JobStatuses.Succeed());
    assertThat(JobStatuses.ranges(new TreeSet<>(List.of(0, 2, 3, 4, 7)))).isEqualTo("0,2-4,7");
    TreeSet<Integer> parsed = new TreeSet<>();
    JobStatuses.parseRanges("0,2-4,7", parsed);
    assertThat(parsed).containsExactly(0, 2, 3, 4, 7);
  }

  @Test
  void finishedPodsAreRecordedAsUncountedFirst() throws Exception {
    JsonNode spec = yaml(SPEC);
    JsonNode old = yaml("{startTime: '2025-01-01T11:00:00Z', active: 1, ready: 0}");
    ObjectNode s =
        JobStatuses.withUncounted(spec, old, List.of("u1"), List.of("u2"), new TreeSet<>());
    assertThat(s.toString())
        .isEqualTo(
            "{\"startTime\":\"2025-01-01T11:00:00Z\",\"active\":1,\"ready\":0,"
                + "\"uncountedTerminatedPods\":{\"succeeded\":[\"u1\"],\"failed\":[\"u2\"]}}");
  }

  private static List<String> types(JsonNode status) {
    List<String> out = new java.util.ArrayList<>();
    status.path("conditions").forEach(c -> out.add(c.path("type").asText()));
    return out;
  }
}
