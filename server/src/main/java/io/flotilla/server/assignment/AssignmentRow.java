package io.flotilla.server.assignment;

import io.flotilla.server.store.Authorship;

/**
 * One row of {@code flux_configuration_assignments}; {@code sealedSecrets} is ciphertext. {@code
 * releasedRevision} is what a cluster gets unless a rollout pinned another revision for it.
 */
record AssignmentRow(
    String resourceId,
    AssignmentScope scope,
    String name,
    AssignmentSpec spec,
    String sealedSecrets,
    long revision,
    long releasedRevision,
    Authorship authorship) {

  String key() {
    return scope.key(name);
  }

  /** The actor recorded on the configurations it writes. */
  String actor() {
    return "assignment:" + resourceId;
  }
}
