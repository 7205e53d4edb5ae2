package io.flotilla.server.store;

import io.flotilla.api.arm.ClusterRef;
import java.time.Instant;

/** One row of {@code clusters}. {@code properties} is the ConnectedCluster properties JSON. */
public record ClusterRow(
    String id,
    ClusterRef ref,
    String location,
    String properties,
    long stateVersion,
    Instant createdAt,
    String createdBy,
    Instant modifiedAt,
    String modifiedBy,
    Instant lastSeenAt) {}
