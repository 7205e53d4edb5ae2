package io.flotilla.controllers.source;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.SourceSpec;
import io.flotilla.api.flux.source.SourceStatus;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.ProgressReport;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.runtime.Triggers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link SourceKind} gets for one run besides its object: the client, the means to show
 * progress before slow work (Flux persists {@code Reconciling} so users see it while a fetch runs),
 * and the hand-over of what it stored ({@link #stored}).
 *
 * @param <X> the kind's own findings that go into its status on success
 */
public final class Step<X> {
  private final KubernetesClient client;
  private final CustomResource<?, ? extends SourceStatus> object;
  private final Consumer<Consumer<Conditions>> report;
  private final Artifacts artifacts;
  private final Path workDir;
  private Stored<X> stored;

  Step(
      KubernetesClient client,
      CustomResource<?, ? extends SourceStatus> object,
      Consumer<Consumer<Conditions>> report,
      Artifacts artifacts,
      Path workDir) {
    this.client = client;
    this.object = object;
    this.report = report;
    this.artifacts = artifacts;
    this.workDir = workDir;
  }

  public KubernetesClient client() {
    return client;
  }

  /** The object's artifacts in storage. */
  public Artifacts artifacts() {
    return artifacts;
  }

  /** The artifact of the status the run started from, null when there is none. */
  public Artifact previous() {
    return SourceLoop.prior(object).artifact();
  }

  /** A scratch directory for the fetch, removed when closed. */
  public TempDirs.Scratch scratch(String prefix) throws IOException {
    return TempDirs.scratch(workDir, prefix);
  }

  /**
   * The run's success: {@code artifact} is current; returns the {@link Outcome.Ready} (Ready=True
   * with {@code message}, the next run after the jittered interval) for the kind to return.
   *
   * @param notice the Normal event to announce, null for none
   * @param extras the kind's own findings for {@link SourceKind#status}, may be null
   */
  public Outcome stored(Artifact artifact, String message, Stored.Notice notice, X extras) {
    stored = new Stored<>(Objects.requireNonNull(artifact, "artifact"), notice, extras);
    return new Outcome.Ready(message, null);
  }

  /** What {@link #stored} recorded, null when the kind stored nothing. */
  Stored<X> stored() {
    return stored;
  }

  /**
   * Writes intermediate conditions to the API, keeping the rest of the status (best effort: the
   * final write follows anyway).
   */
  public void report(Consumer<Conditions> change) {
    report.accept(change);
  }

  /**
   * Shows that a new artifact is being built for {@code what} (a new revision, say): Reconciling
   * and Ready=Unknown, and ArtifactOutdated with {@code outdatedReason} when there is a {@code
   * current} artifact (null: none).
   */
  public void building(String what, Artifact current, String outdatedReason) {
    boolean outdated = current != null;
    String message = "building artifact: " + what;
    report(
        c -> {
          c.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING, message)
              .markUnknown(ConditionTypes.READY, Reasons.PROGRESSING, message);
          if (outdated) {
            c.markTrue(ConditionTypes.ARTIFACT_OUTDATED, outdatedReason, what);
          }
        });
  }

  /**
   * Marks Reconciling when the generation or the requested token is new, or with {@code building}
   * (non-null) when the artifact has to be built; otherwise writes nothing.
   */
  public void progress(String building) {
    SourceKind.Common old = SourceLoop.prior(object);
    long generation = Conditions.generation(object);
    Long observed = old.observedGeneration();
    String message;
    if (building != null) {
      message = building;
    } else if (observed == null || observed != generation) {
      message =
          "processing object: new generation %d -> %d"
              .formatted(observed == null ? -1 : observed, generation);
    } else if (!Objects.equals(Triggers.requestedAt(object), old.lastHandledReconcileAt())) {
      message = "reconciliation in progress";
    } else {
      return;
    }
    report(
        c ->
            c.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING, message)
                .markUnknown(
                    ConditionTypes.READY, Reasons.PROGRESSING, "reconciliation in progress"));
  }

  /** The report of {@link SourceLoop}: status from the kind, patched, version carried over. */
  static <R extends CustomResource<? extends SourceSpec, S>, S extends SourceStatus, X>
      Consumer<Consumer<Conditions>> reporter(
          SourceKind<R, S, X> kind, R object, KubernetesClient client, Clock clock) {
    return change -> {
      SourceKind.Common prior = SourceLoop.prior(object);
      long generation = Conditions.generation(object);
      Conditions c = new Conditions(prior.conditions(), generation, clock);
      change.accept(c);
      S status =
          kind.status(
              object,
              new SourceKind.Common(
                  prior.observedGeneration(),
                  c.toList(),
                  prior.artifact(),
                  prior.lastHandledReconcileAt()),
              null);
      object.setStatus(status);
      ProgressReport.patchStatus(client, object, StatusPatch.of(object, kind::newObject));
    };
  }
}
