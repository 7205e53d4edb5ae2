package io.flotilla.apply;

import java.util.Objects;

/** One object's outcome; {@code message} is a human note (may be empty), never a secret. */
public record ChangeSetEntry(ObjectRef ref, Action action, String message) {
  public ChangeSetEntry {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(action, "action");
    message = message == null ? "" : message;
  }

  ChangeSetEntry(ObjectRef ref, Action action) {
    this(ref, action, "");
  }

  /** {@code Kind/ns/name action}, the line Flux writes in events. */
  @Override
  public String toString() {
    return ref.subject() + " " + action;
  }
}
