package io.flotilla.controllers.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.SourceConditions;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given the outcome of one run, on an object mid-retry (generation 2, observed 1, two failures
 * counted, Stalled left from an earlier run), expect these conditions, events, count and next run.
 */
class OutcomeMappingTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Duration INTERVAL = Duration.ofMinutes(10);
  private static final Artifact OLD = artifact("main@sha1:aaa");
  private static final Artifact NEW = artifact("main@sha1:bbb");
  private static final FailurePolicy FLUX = FailurePolicy.flux();
  // what OCIRepository and Bucket keep from before the shared loop
  private static final FailurePolicy OCI =
      FLUX.withRetryShowsReconciling(false)
          .withRetryObservesGeneration(true)
          .withWaitForChange(Set.of())
          .withStorageFailureIsError(false);
  private static final FailurePolicy BUCKET =
      OCI.withRetryClearsStalled(false)
          .withTerminalBacksOff(true)
          .withInvalidSpecReason("ClientError");
  private static final String JITTERED = "interval±5%";
  private static final String NONE = "none";

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "a new artifact",
            FLUX,
            stored(
                NEW,
                "stored artifact for revision 'main@sha1:bbb'",
                new Stored.Notice("NewArtifact", "stored artifact for commit 'x'", Map.of())),
            "Ready=True/Succeeded, ArtifactInStorage=True/Succeeded",
            List.of("Normal NewArtifact: stored artifact for commit 'x'"),
            JITTERED,
            0,
            2L,
            NEW),
        row(
            "up to date, nothing to announce",
            FLUX,
            stored(OLD, "stored artifact for revision 'main@sha1:aaa'", null),
            "Ready=True/Succeeded, ArtifactInStorage=True/Succeeded",
            List.of(),
            JITTERED,
            0,
            2L,
            OLD),
        row(
            "waiting for another object's artifact",
            FLUX,
            given(
                new Outcome.Waiting(
                    "NoSourceArtifact",
                    "no artifact for source 'podinfo'",
                    Duration.ofSeconds(30))),
            "Ready=False/NoSourceArtifact, Reconciling=True/ProgressingWithRetry,"
                + " FetchFailed=True/NoSourceArtifact",
            List.of(),
            "PT30S",
            2,
            1L,
            OLD),
        row(
            "a retryable failure",
            FLUX,
            failed(SourceException.retryable("GitOperationFailed", "timeout", null)),
            "Ready=False/GitOperationFailed, Reconciling=True/ProgressingWithRetry,"
                + " FetchFailed=True/GitOperationFailed",
            List.of("Warning GitOperationFailed: timeout"),
            "PT4S",
            3,
            1L,
            OLD),
        row(
            "a terminal failure",
            FLUX,
            failed(SourceException.terminal(Reasons.FAILED, "bad spec")),
            "Ready=False/Failed, Stalled=True/Failed, FetchFailed=True/Failed",
            List.of("Warning Failed: bad spec"),
            "PT10M",
            2,
            2L,
            OLD),
        row(
            "an invalid URL waits for a spec change",
            FLUX,
            failed(SourceException.terminal(Reasons.URL_INVALID, "no scheme")),
            "Ready=False/URLInvalid, Stalled=True/URLInvalid, FetchFailed=True/URLInvalid",
            List.of("Warning URLInvalid: no scheme"),
            NONE,
            2,
            2L,
            OLD),
        row(
            "an invalid spec",
            FLUX,
            invalid("spec.bucketName is required"),
            "Ready=False/Failed, Stalled=True/Failed",
            List.of("Warning Failed: spec.bucketName is required"),
            "PT10M",
            2,
            2L,
            OLD),
        row(
            "a storage failure is a retryable error",
            FLUX,
            storageFailed(new IOException("disk full")),
            "Ready=False/StorageOperationFailed, Reconciling=True/ProgressingWithRetry,"
                + " StorageOperationFailed=True/StorageOperationFailed",
            List.of(
                "Warning StorageOperationFailed: failed to create temporary working directory:"
                    + " disk full"),
            "PT4S",
            3,
            1L,
            OLD),
        row(
            "OCI: a retryable failure drops Reconciling and Stalled",
            OCI,
            failed(SourceException.retryable("OCIArtifactPullFailed", "refused", null)),
            "Ready=False/OCIArtifactPullFailed, FetchFailed=True/OCIArtifactPullFailed",
            List.of("Warning OCIArtifactPullFailed: refused"),
            "PT4S",
            3,
            2L,
            OLD),
        row(
            "OCI: an invalid URL looks again after the interval",
            OCI,
            failed(SourceException.terminal(Reasons.URL_INVALID, "no scheme")),
            "Ready=False/URLInvalid, Stalled=True/URLInvalid, FetchFailed=True/URLInvalid",
            List.of("Warning URLInvalid: no scheme"),
            "PT10M",
            2,
            2L,
            OLD),
        row(
            "OCI: a storage failure sets its two conditions quietly",
            OCI,
            storageFailed(new IOException("disk full")),
            "Ready=False/StorageOperationFailed, Reconciling=True/Progressing,"
                + " Stalled=True/Earlier, StorageOperationFailed=True/StorageOperationFailed",
            List.of(),
            "PT4S",
            3,
            2L,
            OLD),
        row(
            "Bucket: a retryable failure keeps an earlier Stalled",
            BUCKET,
            failed(SourceException.retryable("BucketOperationFailed", "refused", null)),
            "Ready=False/BucketOperationFailed, Stalled=True/Earlier,"
                + " FetchFailed=True/BucketOperationFailed",
            List.of("Warning BucketOperationFailed: refused"),
            "PT4S",
            3,
            2L,
            OLD),
        row(
            "Bucket: a terminal failure backs off",
            BUCKET,
            failed(SourceException.terminal(Reasons.FAILED, "bad spec")),
            "Ready=False/Failed, Stalled=True/Failed, FetchFailed=True/Failed",
            List.of("Warning Failed: bad spec"),
            "PT4S",
            3,
            2L,
            OLD),
        row(
            "Bucket: an invalid spec is a client error",
            BUCKET,
            invalid("spec.bucketName is required"),
            "Ready=False/ClientError, Stalled=True/ClientError",
            List.of("Warning ClientError: spec.bucketName is required"),
            "PT10M",
            2,
            2L,
            OLD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void mapsTheOutcome(
      String given,
      FailurePolicy policy,
      Given outcome,
      String conditions,
      List<String> events,
      String requeue,
      int failures,
      Long observedGeneration,
      Artifact artifact) {
    OutcomeMapping.Decision d = outcome.decide(policy, defaults(), before());

    assertThat(summary(d.conditions())).isEqualTo(conditions);
    assertThat(d.events().stream().map(OutcomeMappingTest::describe))
        .containsExactlyElementsOf(events);
    if (requeue.equals(JITTERED)) {
      assertThat(d.requeue()).isBetween(Duration.ofSeconds(570), Duration.ofSeconds(630));
    } else {
      assertThat(d.requeue() == null ? NONE : d.requeue().toString()).isEqualTo(requeue);
    }
    assertThat(d.failures()).isEqualTo(failures);
    assertThat(d.observedGeneration()).isEqualTo(observedGeneration);
    assertThat(d.artifact()).isEqualTo(artifact);
  }

  @Test
  void conditionsCarryTheMessagesAndTheGeneration() {
    OutcomeMapping.Decision d =
        failed(SourceException.retryable("GitOperationFailed", "timeout", null))
            .decide(FLUX, defaults(), before());

    assertThat(d.conditions())
        .allSatisfy(
            c -> {
              assertThat(c.observedGeneration()).isEqualTo(2);
              assertThat(c.message()).isEqualTo("timeout");
            });
  }

  @Test
  void aRetryOnANewObjectObservesNoGeneration() {
    OutcomeMapping.Decision d =
        OutcomeMapping.decide(
            FLUX,
            defaults(),
            new OutcomeMapping.Before(SourceKind.Common.NONE, 1, INTERVAL, 0),
            OutcomeMapping.of(SourceException.retryable("GitOperationFailed", "timeout", null)),
            null,
            CLOCK);

    assertThat(d.observedGeneration()).isNull();
    assertThat(d.artifact()).isNull();
    assertThat(d.requeue()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void waitingOnAPeriodicRunShowsNoReconciling() {
    List<Condition> ready =
        new Conditions(null, 2, CLOCK).markTrue("Ready", "ChartPullSucceeded", "pulled").toList();
    OutcomeMapping.Decision d =
        OutcomeMapping.decide(
            FLUX,
            defaults(),
            new OutcomeMapping.Before(new SourceKind.Common(2L, ready, OLD, null), 2, INTERVAL, 0),
            new Outcome.Waiting(
                "NoSourceArtifact",
                "no artifact available for GitRepository source 'podinfo'",
                Duration.ofSeconds(5)),
            null,
            CLOCK);

    assertThat(summary(d.conditions()))
        .isEqualTo("Ready=False/NoSourceArtifact, FetchFailed=True/NoSourceArtifact");
    assertThat(d.conditions())
        .allSatisfy(
            c ->
                assertThat(c.message())
                    .isEqualTo("no artifact available for GitRepository source 'podinfo'"));
    assertThat(d.observedGeneration()).isEqualTo(2L);
    assertThat(d.failures()).isZero();
  }

  @Test
  void theKindMarksItsOwnConditions() {
    OutcomeMapping.Marks<Void> verifying =
        new OutcomeMapping.Marks<>() {
          @Override
          public void stored(Conditions c, String message, Void extras) {
            SourceConditions.artifactStored(c, message)
                .markTrue("SourceVerified", "Succeeded", "ok");
          }

          @Override
          public void failed(Conditions c, String reason, String message) {
            c.markFalse("SourceVerified", reason, message).markFalse("Ready", reason, message);
          }
        };
    OutcomeMapping.Decision failed =
        OutcomeMapping.decide(
            FLUX,
            verifying,
            before(),
            OutcomeMapping.of(SourceException.terminal("InvalidCommitSignature", "unsigned")),
            null,
            CLOCK);

    assertThat(summary(failed.conditions()))
        .isEqualTo(
            "Ready=False/InvalidCommitSignature, Stalled=True/InvalidCommitSignature,"
                + " SourceVerified=False/InvalidCommitSignature");
  }

  /** What a run ended on, as the loop hands it to the mapping. */
  private interface Given {
    OutcomeMapping.Decision decide(
        FailurePolicy policy, OutcomeMapping.Marks<Void> marks, OutcomeMapping.Before before);
  }

  private static Given given(Outcome outcome) {
    return (policy, marks, before) ->
        OutcomeMapping.decide(policy, marks, before, outcome, null, CLOCK);
  }

  /** A success as {@link Step#stored} hands it over. */
  private static Given stored(Artifact artifact, String message, Stored.Notice notice) {
    return (policy, marks, before) ->
        OutcomeMapping.decide(
            policy,
            marks,
            before,
            new Outcome.Ready(message, null),
            new Stored<>(artifact, notice, null),
            CLOCK);
  }

  private static Given failed(SourceException e) {
    return given(OutcomeMapping.of(e));
  }

  private static Given invalid(String message) {
    return (policy, marks, before) -> OutcomeMapping.invalidSpec(policy, before, message, CLOCK);
  }

  private static Given storageFailed(IOException e) {
    return (policy, marks, before) -> OutcomeMapping.storageFailed(policy, marks, before, e, CLOCK);
  }

  private static OutcomeMapping.Marks<Void> defaults() {
    return new OutcomeMapping.Marks<>() {
      @Override
      public void stored(Conditions c, String message, Void extras) {
        SourceConditions.artifactStored(c, message);
      }

      @Override
      public void failed(Conditions c, String reason, String message) {
        SourceConditions.failed(c, reason, message);
      }
    };
  }

  private static OutcomeMapping.Before before() {
    List<Condition> prior =
        new Conditions(null, 1, CLOCK)
            .markUnknown("Ready", "Progressing", "reconciliation in progress")
            .markTrue("Reconciling", "Progressing", "reconciliation in progress")
            .markTrue("Stalled", "Earlier", "from an earlier run")
            .toList();
    return new OutcomeMapping.Before(new SourceKind.Common(1L, prior, OLD, null), 2, INTERVAL, 2);
  }

  private static String summary(List<Condition> conditions) {
    return conditions.stream()
        .map(c -> c.type() + "=" + c.status() + "/" + c.reason())
        .collect(Collectors.joining(", "));
  }

  private static String describe(OutcomeMapping.Event e) {
    return (e.warning() ? "Warning " : "Normal ") + e.reason() + ": " + e.message();
  }

  private static Artifact artifact(String revision) {
    return new Artifact("p", "http://a/p", revision, "sha256:0", "2026-01-01T00:00:00Z", 1L, null);
  }

  private static Arguments row(Object... values) {
    return Arguments.of(values);
  }
}
