package io.flotilla.server.assignment;

import java.time.Instant;

/** One row of {@code flux_configuration_assignments}; {@code sealedSecrets} is ciphertext. */
record AssignmentRow(
    String resourceId,
    AssignmentScope scope,
    String name,
    AssignmentSpec spec,
    String sealedSecrets,
    long revision,
    Instant createdAt,
    String createdBy,
    Instant modifiedAt,
    String modifiedBy) {

  String key() {
    return scope.key(name);
  }

  /** The actor recorded on the configurations it writes. */
  String actor() {
    return "assignment:" + resourceId;
  }
}
