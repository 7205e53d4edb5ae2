package io.flotilla.server.store;

import java.time.Instant;

/**
 * One row of {@code extensions}: the resource JSON without protected settings, plus ciphertext;
 * {@code version} is the cluster state version of the last change, {@code status} the agent's last
 * report (JSON, may be null).
 */
public record ExtensionRow(
    String clusterId,
    String name,
    String body,
    String sealedProtectedSettings,
    long version,
    String provisioningState,
    String status,
    Instant createdAt,
    String createdBy,
    Instant modifiedAt,
    String modifiedBy)
    implements ChildRow {

  public ExtensionRow withState(String state, String newStatus) {
    return new ExtensionRow(
        clusterId,
        name,
        body,
        sealedProtectedSettings,
        version,
        state,
        newStatus,
        createdAt,
        createdBy,
        modifiedAt,
        modifiedBy);
  }
}
