package io.flotilla.controllers.kustomization;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;

/** {@code spec.deletionPolicy}: what deleting a Kustomization does to what it applied. */
enum DeletionPolicy {
  /** Delete the inventory when {@code prune} is on (the default). */
  MIRROR_PRUNE,
  DELETE,
  /** Delete, then wait (up to the timeout) until the objects are gone. */
  WAIT_FOR_TERMINATION,
  ORPHAN;

  static DeletionPolicy parse(String value) throws ReconcileException {
    if (value == null || value.isEmpty()) {
      return MIRROR_PRUNE;
    }
    return switch (value) {
      case "MirrorPrune" -> MIRROR_PRUNE;
      case "Delete" -> DELETE;
      case "WaitForTermination" -> WAIT_FOR_TERMINATION;
      case "Orphan" -> ORPHAN;
      default ->
          throw new ReconcileException(
              Reasons.FAILED,
              "spec.deletionPolicy: Unsupported value: \""
                  + value
                  + "\": supported values: \"MirrorPrune\", \"Delete\", \"WaitForTermination\", \"Orphan\"",
              true);
    };
  }

  boolean deletes(boolean prune) {
    return switch (this) {
      case MIRROR_PRUNE -> prune;
      case DELETE, WAIT_FOR_TERMINATION -> true;
      case ORPHAN -> false;
    };
  }
}
