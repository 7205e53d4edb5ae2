package io.flotilla.server.store;

import java.time.Instant;

/** One asynchronous operation (ARM LRO) on a resource of a cluster. */
public record OperationRow(
    String id,
    String clusterId,
    String resourceType,
    String resourceName,
    String action,
    Long version,
    String status,
    String error,
    Instant createdAt,
    Instant updatedAt) {
  public static final String IN_PROGRESS = "InProgress";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String CANCELED = "Canceled";
}
