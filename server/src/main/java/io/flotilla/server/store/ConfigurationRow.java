package io.flotilla.server.store;

import java.time.Instant;

/**
 * One row of {@code flux_configurations}. {@code desired} and {@code status} are JSON; {@code
 * sealedProtectedSettings} is ciphertext (or null once purged or when there were none).
 */
public record ConfigurationRow(
    String clusterId,
    String name,
    String desired,
    String sealedProtectedSettings,
    Instant protectedConfirmedAt,
    ChildState state)
    implements ChildRow {

  /** This row at {@code version} in {@code state}, changed by {@code actor} at {@code at}. */
  public ConfigurationRow changed(long version, String state, Instant at, String actor) {
    return with(this.state.changed(version, state, at, actor));
  }

  public ConfigurationRow with(ChildState newState) {
    return new ConfigurationRow(
        clusterId, name, desired, sealedProtectedSettings, protectedConfirmedAt, newState);
  }
}
