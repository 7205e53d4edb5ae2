package io.flotilla.controllers.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.Triggers;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link SourceKind} gets for one run besides its object: the client, the means to show
 * progress before slow work (Flux persists {@code Reconciling} so users see it while a fetch runs),
 * and the hand-over of what it stored ({@link #stored}).
 *
 * @param <X> the kind's own findings that go into its status on success
 */
public final class Step<X> {
  private static final Logger log = LoggerFactory.getLogger(Step.class);
  private final KubernetesClient client;
  private final HasMetadata object;
  private final Supplier<SourceKind.Common> prior;
  private final Consumer<Consumer<Conditions>> report;
  private Stored<X> stored;

  Step(
      KubernetesClient client,
      HasMetadata object,
      Supplier<SourceKind.Common> prior,
      Consumer<Consumer<Conditions>> report) {
    this.client = client;
    this.object = object;
    this.prior = prior;
    this.report = report;
  }

  public KubernetesClient client() {
    return client;
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
   * Marks Reconciling when the generation or the requested token is new, or with {@code building}
   * (non-null) when the artifact has to be built; otherwise writes nothing.
   */
  public void progress(String building) {
    SourceKind.Common old = prior.get();
    long generation = Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
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
  static <R extends CustomResource<?, S>, S, X> Consumer<Consumer<Conditions>> reporter(
      SourceKind<R, S, X> kind, R object, KubernetesClient client, Clock clock) {
    return change -> {
      SourceKind.Common prior = SourceLoop.prior(kind, object);
      long generation = Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
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
      try {
        R patch = StatusPatch.of(object, kind::newObject);
        R patched = client.resource(patch).patchStatus();
        // the final status write is checked against this version, so carry it over
        if (patched != null && patched.getMetadata() != null) {
          object.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
        }
      } catch (KubernetesClientException e) {
        log.debug(
            "could not record progress of {}/{}: {}",
            object.getMetadata().getNamespace(),
            object.getMetadata().getName(),
            e.getMessage());
      }
    };
  }
}
