package io.flotilla.controllers.source;

import io.flotilla.api.flux.meta.Artifact;
import java.util.Map;

/**
 * What a source kind's successful run hands to {@link SourceLoop} besides its {@link
 * io.flotilla.controllers.runtime.Outcome.Ready}: the current artifact (built now, or found up to
 * date), the Normal event to announce and the kind's own findings for its status. A kind makes it
 * with {@link Step#stored}, which returns the Ready that goes with it.
 *
 * @param notice the Normal event to announce (a new artifact, a recovery), null for none
 * @param extras the kind's own findings for its status (included artifacts, say), may be null
 * @param <X> what the kind wants to record besides the artifact
 */
public record Stored<X>(Artifact artifact, Notice notice, X extras) {

  /** A Normal event, with Flux's revision/digest annotations where it has them. */
  public record Notice(String reason, String message, Map<String, String> annotations) {
    /**
     * A {@code NewArtifact} notice when {@code stored}'s revision is not {@code previous}'s (a
     * re-store of the same revision is no news), else null.
     */
    public static Notice ifNewRevision(
        Artifact previous, Artifact stored, String message, Map<String, String> annotations) {
      return previous != null && stored.revision().equals(previous.revision())
          ? null
          : new Notice("NewArtifact", message, annotations);
    }
  }
}
