package io.flotilla.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.source.SourceException;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The SourceException a call must end in, for the tests that read its reason and message. */
final class SourceFailures {
  private SourceFailures() {}

  static SourceException failure(ThrowingCallable call) {
    try {
      call.call();
    } catch (SourceException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("expected a SourceException, got " + t, t);
    }
    throw new AssertionError("expected a SourceException, got success");
  }

  /** Asserts {@code e} has {@code reason}, and returns an assertion on its message. */
  static AbstractStringAssert<?> assertFailed(SourceException e, String reason) {
    assertThat(e.reason()).isEqualTo(reason);
    return assertThat(e.getMessage());
  }
}
