package io.flotilla.cli.flux;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** flux's {@code wait.PollUntilContextTimeout} under the command's {@code --timeout}. */
record Deadline(Instant end) {
  /** How often the object is read again; flux polls every 2 s, a shorter wait costs nothing. */
  static final Duration POLL = Duration.ofMillis(500);

  static Deadline after(Duration timeout) {
    return new Deadline(Instant.now().plus(timeout));
  }

  /** Polls {@code check} (immediately, then every {@link #POLL}) until it returns a value. */
  <T> T poll(Supplier<Optional<T>> check) {
    while (true) {
      Optional<T> done = check.get();
      if (done.isPresent()) {
        return done.get();
      }
      long left = Duration.between(Instant.now(), end).toMillis();
      if (left <= 0) {
        throw new FluxException("context deadline exceeded");
      }
      try {
        Thread.sleep(Math.min(left, POLL.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FluxException("context canceled");
      }
    }
  }
}
