package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jobs and CronJobs as a user meets them through kubectl 1.32: kube-apiserver's Job defaults and
 * generated selector, Pods owned by the Job that run and succeed (or fail for an image tagged
 * {@code fail}), the Job's status and conditions, {@code kubectl wait --for=condition=complete},
 * {@code kubectl get jobs,pods}, deletion with each cascade, Indexed and parallel Jobs, TTL, and a
 * CronJob that makes Jobs on its schedule.
 */
class KubectlJobsIT extends KubectlTestSupport {
  private static JsonNode json(String... args) throws Exception {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("-o", "json"));
    return json(ok(full.toArray(String[]::new)));
  }

  private static String table(String... args) throws Exception {
    KubectlRunner.Result r = ok(args);
    assertThat(r.err()).isEmpty();
    return PrintedTable.normalize(r.out());
  }

  /** Waits until the garbage collector has taken the Job's Pods. */
  private static void awaitPodsGone(String ns, String job) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(podNames(ns, "job-name=" + job)).isEmpty());
  }

  private static List<String> podNames(String ns, String selector) throws Exception {
    List<String> out = new ArrayList<>();
    json("get", "pods", "-n", ns, "-l", selector)
        .path("items")
        .forEach(p -> out.add(p.path("metadata").path("name").asText()));
    return out;
  }

  @Test
  void aJobGetsKubeApiserverDefaultsAndAPodThatSucceedsAndWaitForCompleteReturns()
      throws Exception {
    String ns = namespace();
    assertThat(ok("create", "job", "pi", "--image=busybox:1.36", "-n", ns).out())
        .isEqualTo("job.batch/pi created\n");
    assertThat(ok("wait", "--for=condition=complete", "job/pi", "-n", ns, "--timeout=30s").out())
        .isEqualTo("job.batch/pi condition met\n");

    JsonNode job = json("get", "job", "pi", "-n", ns);
    String uid = job.path("metadata").path("uid").asText();
    String labels =
        "{\"batch.kubernetes.io/controller-uid\":\""
            + uid
            + "\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\""
            + uid
            + "\",\"job-name\":\"pi\"}";
    assertThat(job.path("metadata").path("labels").toString()).isEqualTo(labels);
    JsonNode spec = job.path("spec");
    assertThat(spec.path("template").path("metadata").path("labels").toString()).isEqualTo(labels);
    assertThat(spec.path("selector").toString())
        .isEqualTo("{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"" + uid + "\"}}");
    assertThat(spec.path("backoffLimit").asInt()).isEqualTo(6);
    assertThat(spec.path("completions").asInt()).isEqualTo(1);
    assertThat(spec.path("parallelism").asInt()).isEqualTo(1);
    assertThat(spec.path("completionMode").asText()).isEqualTo("NonIndexed");
    assertThat(spec.path("manualSelector").toString()).isEqualTo("false");
    assertThat(spec.path("suspend").toString()).isEqualTo("false");
    assertThat(spec.path("podReplacementPolicy").asText()).isEqualTo("TerminatingOrFailed");

    JsonNode status = job.path("status");
    assertThat(conditions(status))
        .containsExactly(
            "SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods",
            "Complete=True CompletionsReached: Reached expected number of succeeded pods");
    assertThat(status.path("succeeded").asInt()).isEqualTo(1);
    assertThat(status.has("active")).isFalse();
    assertThat(status.has("failed")).isFalse();
    assertThat(status.path("ready").toString()).isEqualTo("0");
    assertThat(status.path("terminating").toString()).isEqualTo("0");
    assertThat(status.path("uncountedTerminatedPods").toString()).isEqualTo("{}");
    assertThat(status.path("startTime").asText()).isNotEmpty();
    assertThat(status.path("completionTime").asText()).isNotEmpty();

    JsonNode pods = json("get", "pods", "-n", ns, "-l", "job-name=pi").path("items");
    assertThat(pods).hasSize(1);
    JsonNode pod = pods.get(0);
    assertThat(pod.path("metadata").path("name").asText()).matches("pi-" + SUFFIX);
    assertThat(pod.path("metadata").path("generateName").asText()).isEqualTo("pi-");
    assertThat(pod.path("metadata").path("labels").toString()).isEqualTo(labels);
    assertThat(pod.path("metadata").path("ownerReferences").toString())
        .isEqualTo(
            "[{\"apiVersion\":\"batch/v1\",\"blockOwnerDeletion\":true,\"controller\":true,"
                + "\"kind\":\"Job\",\"name\":\"pi\",\"uid\":\""
                + uid
                + "\"}]");
    assertThat(pod.path("metadata").has("finalizers"))
        .as("the job-tracking finalizer is gone once the Pod is counted")
        .isFalse();
    assertThat(pod.path("status").path("phase").asText()).isEqualTo("Succeeded");

    assertThat(table("get", "jobs,pods", "-n", ns))
        .matches(
            """
            NAME \\| STATUS \\| COMPLETIONS \\| DURATION \\| AGE
            job.batch/pi \\| Complete \\| 1/1 \\| <age> \\| <age>

            NAME \\| READY \\| STATUS \\| RESTARTS \\| AGE
            pod/pi-%s \\| 0/1 \\| Completed \\| 0 \\| <age>
            """
                .formatted(SUFFIX));
    assertThat(table("get", "job", "pi", "-n", ns, "-o", "wide"))
        .isEqualTo(
            """
            NAME | STATUS | COMPLETIONS | DURATION | AGE | CONTAINERS | IMAGES | SELECTOR
            pi | Complete | 1/1 | <age> | <age> | pi | busybox:1.36 | \
            batch.kubernetes.io/controller-uid=%s
            """
                .formatted(uid));

    // kubectl deletes in the background: the collector takes the Pod with the Job
    assertThat(ok("delete", "job", "pi", "-n", ns).out()).isEqualTo("job.batch \"pi\" deleted\n");
    awaitPodsGone(ns, "pi");
  }

  @Test
  void aJobWhoseImageFailsReplacesFailedPodsUntilItsBackoffLimitThenFails() throws Exception {
    String ns = namespace();
    applyIn(
        ns,
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate}
        spec:
          backoffLimit: 2
          template:
            spec:
              restartPolicy: Never
              containers: [{name: migrate, image: example.com/migrate:fail}]
        """);
    assertThat(ok("wait", "--for=condition=failed", "job/migrate", "-n", ns, "--timeout=30s").out())
        .isEqualTo("job.batch/migrate condition met\n");
    JsonNode status = json("get", "job", "migrate", "-n", ns).path("status");
    assertThat(status.path("failed").asInt()).isEqualTo(3);
    assertThat(status.has("active")).isFalse();
    assertThat(status.has("completionTime")).isFalse();
    assertThat(conditions(status))
        .containsExactly(
            "FailureTarget=True BackoffLimitExceeded: Job has reached the specified backoff limit",
            "Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit");
    assertThat(table("get", "jobs,pods", "-n", ns))
        .matches(
            """
            NAME \\| STATUS \\| COMPLETIONS \\| DURATION \\| AGE
            job.batch/migrate \\| Failed \\| 0/1 \\| <age> \\| <age>

            NAME \\| READY \\| STATUS \\| RESTARTS \\| AGE
            pod/migrate-%1$s \\| 0/1 \\| Error \\| 0 \\| <age>
            pod/migrate-%1$s \\| 0/1 \\| Error \\| 0 \\| <age>
            pod/migrate-%1$s \\| 0/1 \\| Error \\| 0 \\| <age>
            """
                .formatted(SUFFIX));
    // kubectl wait for the other condition times out, as against a real cluster
    KubectlRunner.Result r =
        kubectl.run("wait", "--for=condition=complete", "job/migrate", "-n", ns, "--timeout=1s");
    assertFails(r, "error: timed out waiting for the condition on jobs/migrate\n");
  }

  @Test
  void parallelAndIndexedJobsRunTheirCompletions() throws Exception {
    String ns = namespace();
    applyIn(
        ns,
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: work}
        spec:
          completions: 3
          parallelism: 2
          template:
            metadata: {labels: {app: work}}
            spec:
              restartPolicy: OnFailure
              containers: [{name: w, image: busybox:1.36}]
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: shards}
        spec:
          completions: 3
          parallelism: 3
          completionMode: Indexed
          template:
            spec:
              restartPolicy: Never
              containers: [{name: s, image: busybox:1.36}]
        """);
    ok("wait", "--for=condition=complete", "job/work", "job/shards", "-n", ns, "--timeout=30s");
    assertThat(table("get", "jobs", "-n", ns))
        .isEqualTo(
            """
            NAME | STATUS | COMPLETIONS | DURATION | AGE
            shards | Complete | 3/3 | <age> | <age>
            work | Complete | 3/3 | <age> | <age>
            """);
    JsonNode work = json("get", "job", "work", "-n", ns);
    assertThat(work.path("metadata").path("labels").toString())
        .as("a Job with no labels of its own shows its template's")
        .contains("\"app\":\"work\"");
    assertThat(podNames(ns, "app=work")).hasSize(3);

    JsonNode shards = json("get", "job", "shards", "-n", ns);
    assertThat(shards.path("status").path("completedIndexes").asText()).isEqualTo("0-2");
    assertThat(shards.path("status").path("succeeded").asInt()).isEqualTo(3);
    List<String> names = podNames(ns, "job-name=shards");
    assertThat(names)
        .hasSize(3)
        .anyMatch(n -> n.matches("shards-0-" + SUFFIX))
        .anyMatch(n -> n.matches("shards-1-" + SUFFIX))
        .anyMatch(n -> n.matches("shards-2-" + SUFFIX));
    JsonNode pod =
        json("get", "pods", "-n", ns, "-l", "batch.kubernetes.io/job-completion-index=1")
            .path("items")
            .get(0);
    assertThat(pod.path("metadata").path("annotations").toString())
        .isEqualTo("{\"batch.kubernetes.io/job-completion-index\":\"1\"}");
    assertThat(pod.path("spec").path("hostname").asText()).isEqualTo("shards-1");
    assertThat(pod.path("spec").path("containers").get(0).path("env").toString())
        .isEqualTo(
            "[{\"name\":\"JOB_COMPLETION_INDEX\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":"
                + "\"metadata.labels['batch.kubernetes.io/job-completion-index']\"}}}]");
  }

  @Test
  void deletingAJobOrphansOrCascadesAsAsked() throws Exception {
    String ns = namespace();
    ok("create", "job", "keep", "--image=busybox:1.36", "-n", ns);
    ok("create", "job", "fg", "--image=busybox:1.36", "-n", ns);
    ok("wait", "--for=condition=complete", "job/keep", "job/fg", "-n", ns, "--timeout=30s");

    ok("delete", "job", "keep", "-n", ns, "--cascade=orphan");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode pod = json("get", "pods", "-n", ns, "-l", "job-name=keep").path("items");
              assertThat(pod).hasSize(1);
              assertThat(pod.get(0).path("metadata").has("ownerReferences")).isFalse();
            });

    assertThat(ok("delete", "job", "fg", "-n", ns, "--cascade=foreground").out())
        .isEqualTo("job.batch \"fg\" deleted\n");
    assertThat(podNames(ns, "job-name=fg")).isEmpty();
    KubectlRunner.Result gone = kubectl.run("get", "job", "fg", "-n", ns);
    assertThat(gone.err()).isEqualTo("Error from server (NotFound): jobs.batch \"fg\" not found\n");
  }

  @Test
  void aSuspendedJobRunsNothingUntilResumedAndTtlDeletesAFinishedJob() throws Exception {
    String ns = namespace();
    applyIn(
        ns,
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: later}
        spec:
          suspend: true
          template:
            spec:
              restartPolicy: Never
              containers: [{name: l, image: busybox:1.36}]
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: brief}
        spec:
          ttlSecondsAfterFinished: 0
          template:
            spec:
              restartPolicy: Never
              containers: [{name: b, image: busybox:1.36}]
        """);
    ok("wait", "--for=condition=suspended", "job/later", "-n", ns, "--timeout=30s");
    assertThat(table("get", "job", "later", "-n", ns))
        .isEqualTo(
            """
            NAME | STATUS | COMPLETIONS | DURATION | AGE
            later | Suspended | 0/1 |  | <age>
            """);
    assertThat(podNames(ns, "job-name=later")).isEmpty();
    ok("patch", "job", "later", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"suspend\":false}}");
    ok("wait", "--for=condition=complete", "job/later", "-n", ns, "--timeout=30s");

    ok("wait", "--for=delete", "job/brief", "-n", ns, "--timeout=30s");
    awaitPodsGone(ns, "brief");
  }

  @Test
  void aCronJobMakesJobsOnItsScheduleAndKeepsItsHistoryLimit() throws Exception {
    String ns = namespace();
    assertThat(
            ok(
                    "create",
                    "cronjob",
                    "tick",
                    "--image=busybox:1.36",
                    "--schedule=@every 2s",
                    "-n",
                    ns)
                .out())
        .isEqualTo("cronjob.batch/tick created\n");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode s = json("get", "cronjob", "tick", "-n", ns).path("status");
              assertThat(s.path("lastScheduleTime").asText()).isNotEmpty();
              assertThat(s.path("lastSuccessfulTime").asText()).isNotEmpty();
            });
    JsonNode job = json("get", "jobs", "-n", ns).path("items").get(0);
    String name = job.path("metadata").path("name").asText();
    assertThat(name).matches("tick-\\d{8}");
    String scheduled =
        job.path("metadata")
            .path("annotations")
            .path("batch.kubernetes.io/cronjob-scheduled-timestamp")
            .asText();
    assertThat(java.time.Instant.parse(scheduled).getEpochSecond() / 60)
        .as("the name counts minutes since the epoch of the scheduled time")
        .isEqualTo(Long.parseLong(name.substring("tick-".length())));
    assertThat(job.path("metadata").path("ownerReferences").get(0).path("kind").asText())
        .isEqualTo("CronJob");
    // ACTIVE is 1 for the moment a new minute's Job runs
    assertThat(table("get", "cronjob", "tick", "-n", ns))
        .matches(
            """
            NAME \\| SCHEDULE \\| TIMEZONE \\| SUSPEND \\| ACTIVE \\| LAST SCHEDULE \\| AGE
            tick \\| @every 2s \\| <none> \\| False \\| [01] \\| <age> \\| <age>
            """);

    // suspended, it schedules nothing; Jobs made by hand from it run and count for its history
    ok(
        "patch",
        "cronjob",
        "tick",
        "-n",
        ns,
        "--type=merge",
        "-p",
        "{\"spec\":{\"suspend\":true,\"successfulJobsHistoryLimit\":1}}");
    // Jobs that started in the same second tie on startTime, and the history keeps the later
    // name (as kube's byJobStartTime): start 'by-hand' in a later second than every tick Job
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              java.time.Instant now = java.time.Instant.now().truncatedTo(ChronoUnit.SECONDS);
              for (JsonNode j : json("get", "jobs", "-n", ns).path("items")) {
                String started = j.path("status").path("startTime").asText("");
                if (started.isEmpty() || !java.time.Instant.parse(started).isBefore(now)) {
                  return false;
                }
              }
              return true;
            });
    assertThat(ok("create", "job", "--from=cronjob/tick", "by-hand", "-n", ns).out())
        .isEqualTo("job.batch/by-hand created\n");
    JsonNode byHand = json("get", "job", "by-hand", "-n", ns);
    assertThat(
            byHand.path("metadata").path("annotations").path("cronjob.kubernetes.io/instantiate"))
        .hasToString("\"manual\"");
    ok("wait", "--for=condition=complete", "job/by-hand", "-n", ns, "--timeout=30s");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              List<String> names = new ArrayList<>();
              json("get", "jobs", "-n", ns)
                  .path("items")
                  .forEach(j -> names.add(j.path("metadata").path("name").asText()));
              assertThat(names)
                  .as("only the newest finished Job is kept")
                  .containsExactly("by-hand");
            });
  }

  @Test
  void aNamespaceBeingDeletedShowsTerminatingWhileContentRemains() throws Exception {
    String ns = namespace();
    applyIn(
        ns,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: held, finalizers: [example.com/hold]}
        """);
    ok("delete", "namespace", ns, "--wait=false");
    assertThat(table("get", "namespace", ns))
        .isEqualTo(
            """
            NAME | STATUS | AGE
            %s | Terminating | <age>
            """
                .formatted(ns));
    ok(
        "patch",
        "configmap",
        "held",
        "-n",
        ns,
        "--type=merge",
        "-p",
        "{\"metadata\":{\"finalizers\":null}}");
    ok("wait", "--for=delete", "namespace/" + ns, "--timeout=30s");
  }

  @Test
  void aCronJobWithAScheduleOrTimeZoneKubeRefusesIsRefusedAsKubeApiserverDoes() throws Exception {
    String ns = namespace();
    KubectlRunner.Result fields =
        kubectl.run(
            "create",
            "cronjob",
            "bad",
            "--image=busybox:1.36",
            "--schedule=every minute",
            "-n",
            ns);
    assertFails(
        fields,
        "error: failed to create cronjob: CronJob.batch \"bad\" is invalid: spec.schedule:"
            + " Invalid value: \"every minute\": expected exactly 5 fields, found 2: [every"
            + " minute]\n");

    KubectlRunner.Result range =
        kubectl.run(
            "create", "cronjob", "bad", "--image=busybox:1.36", "--schedule=61 * * * *", "-n", ns);
    assertThat(range.code()).isEqualTo(1);
    assertThat(range.err())
        .contains(
            "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59):"
                + " 61");

    KubectlRunner.Result zone =
        kubectl.run(
            "apply",
            "-n",
            ns,
            "-f",
            file(
                """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: zoned}
                spec:
                  schedule: "CRON_TZ=Europe/Paris 0 3 * * *"
                  timeZone: Mars/Olympus
                  concurrencyPolicy: Sometimes
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: c, image: busybox:1.36}]
                """));
    assertThat(zone.code()).isEqualTo(1);
    assertThat(zone.err())
        .contains(
            "spec.schedule: Invalid value: \"CRON_TZ=Europe/Paris 0 3 * * *\": cannot use TZ or"
                + " CRON_TZ in schedule, use timeZone field instead",
            "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus",
            "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values:"
                + " \"Allow\", \"Forbid\", \"Replace\"");
    assertThat(kubectl.run("get", "cronjobs", "-n", ns).err())
        .isEqualTo("No resources found in " + ns + " namespace.\n");
  }
}
