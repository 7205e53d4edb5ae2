package io.flotilla.source.artifact;

import io.flotilla.api.flux.meta.Artifact;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An artifact in storage: {@code path} is {@code <kind>/<namespace>/<name>/<file>}, {@code url} is
 * where the {@link ArtifactServer} serves it, {@code digest} is {@code sha256:<hex>} of the tar.gz
 * bytes.
 */
public record StoredArtifact(
    String path, String url, String revision, String digest, long size, Instant lastUpdateTime) {

  /** As the API's {@code status.artifact} (time in RFC 3339 with seconds, like metav1.Time). */
  public Artifact toApi() {
    return new Artifact(
        path,
        url,
        revision,
        digest,
        lastUpdateTime.truncatedTo(ChronoUnit.SECONDS).toString(),
        size,
        null);
  }
}
