package io.flotilla.server.store;

import io.flotilla.api.arm.ClusterRef;
import java.time.Instant;

/**
 * One row of {@code clusters}. {@code properties} is the ConnectedCluster properties JSON, {@code
 * tags} its ARM tags (JSON object) or null.
 */
public record ClusterRow(
    String id,
    ClusterRef ref,
    String location,
    String properties,
    long stateVersion,
    Authorship authorship,
    Instant lastSeenAt,
    String tags) {

  /** The cluster's tags (a JSON object of strings), empty when it has none. */
  public java.util.Map<String, String> tagMap() {
    if (tags == null || tags.isBlank()) {
      return java.util.Map.of();
    }
    return io.flotilla.server.http.Json.MAPPER.convertValue(
        io.flotilla.server.http.Json.tree(tags),
        new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() {});
  }
}
