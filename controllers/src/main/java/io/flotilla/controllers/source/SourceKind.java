package io.flotilla.controllers.source;

import io.fabric8.kubernetes.client.CustomResource;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.source.SourceSpec;
import io.flotilla.api.flux.source.SourceStatus;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.SourceConditions;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What one source kind adds to {@link SourceLoop}: where its artifacts live, how to read and build
 * its status, and the fetch itself. Everything else (finalizer, deletion, suspend, backoff, the
 * mapping of its {@link Outcome} to conditions, events, metrics and the status write) is the
 * loop's.
 *
 * @param <R> the Flux object
 * @param <S> its status record
 * @param <X> the kind's own findings that go into its status on success (null type {@code Void}
 *     when it has none)
 */
public interface SourceKind<
    R extends CustomResource<? extends SourceSpec, S>, S extends SourceStatus, X> {

  /** The status fields every source kind has, read from or written to the kind's record. */
  record Common(
      Long observedGeneration,
      List<Condition> conditions,
      Artifact artifact,
      String lastHandledReconcileAt) {
    static final Common NONE = new Common(null, null, null, null);

    static Common of(SourceStatus status) {
      return new Common(
          status.observedGeneration(),
          status.conditions(),
          status.artifact(),
          status.lastHandledReconcileAt());
    }

    /** The deprecated {@code status.url} of the kinds that still have it: the artifact's URL. */
    public String url() {
      return artifact == null ? null : artifact.url();
    }
  }

  /** An empty object of the kind, for status patches. */
  R newObject();

  /** The Kubernetes kind, the {@code kind} label of the reconcile metrics. */
  default String kind() {
    return newObject().getKind();
  }

  /** The folder of its artifacts in {@code ArtifactStorage}: the kind in lower case. */
  default String storageKind() {
    return kind().toLowerCase(Locale.ROOT);
  }

  default boolean suspended(R object) {
    return Boolean.TRUE.equals(object.getSpec().suspend());
  }

  /** The period between runs; an unparsable one falls back (see {@link #interval(String)}). */
  default Duration interval(R object) {
    return interval(object.getSpec().interval());
  }

  /**
   * A data-only object (HelmRepository type {@code oci}): the loop never fetches or writes status
   * for it, only removes its finalizer and any artifacts from a time it was not data-only.
   */
  default boolean dataOnly(R object) {
    return false;
  }

  /**
   * The fetch: check upstream, store when needed, say what happened: {@link Step#stored} on
   * success, {@link Outcome.Waiting} while another object's artifact is missing. A failure is
   * thrown: a {@link SourceException} (its reason names the condition, a terminal one stalls), an
   * {@link IllegalArgumentException} for a spec that cannot work (Stalled with the policy's {@link
   * FailurePolicy#invalidSpecReason}) or an {@link IOException} of local storage
   * (StorageOperationFailed); a returned {@link Outcome.Retry} or {@link Outcome.Stalled} counts as
   * the {@link SourceException} with its reason and message.
   */
  Outcome reconcile(R object, Step<X> step) throws SourceException, IOException;

  /**
   * The status record for {@code common}; {@code stored} is what a successful run handed over, null
   * for a failure, a wait or a progress report.
   */
  S status(R object, Common common, Stored<X> stored);

  /** The conditions of success; a kind with conditions of its own (SourceVerified) adds them. */
  default void markStored(Conditions conditions, R object, String message, X extras) {
    SourceConditions.artifactStored(conditions, message);
  }

  /** The conditions a typed failure sets besides Stalled/Reconciling. */
  default void markFailed(Conditions conditions, String reason, String message) {
    SourceConditions.failed(conditions, reason, message);
  }

  default FailurePolicy policy() {
    return FailurePolicy.flux();
  }

  /** {@code spec.interval}, or ten minutes when it does not parse (the spec error shows anyway). */
  static Duration interval(String spec) {
    try {
      return GoDuration.parse(spec);
    } catch (IllegalArgumentException e) {
      return Duration.ofMinutes(10);
    }
  }
}
