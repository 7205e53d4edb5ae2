package io.flotilla.apply;

import java.util.Optional;

/**
 * An apply, prune or health wait that stopped. The message names the object ({@code Kind/ns/name})
 * and the server's reason; {@link #partial()} holds what was done before the failure.
 */
public final class ApplyException extends Exception {
  private final transient ChangeSet partial;
  private final transient HealthResult health;

  ApplyException(String message, ChangeSet partial, Throwable cause) {
    this(message, partial, null, cause);
  }

  ApplyException(String message, ChangeSet partial, HealthResult health, Throwable cause) {
    super(message, cause);
    this.partial = partial == null ? ChangeSet.empty() : partial;
    this.health = health;
  }

  /** What was applied or deleted before the failure (empty for a health wait). */
  public ChangeSet partial() {
    return partial;
  }

  /** The last health poll, when the failure came from waiting for health. */
  public Optional<HealthResult> health() {
    return Optional.ofNullable(health);
  }
}
