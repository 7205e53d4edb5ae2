package io.flotilla.source.git;

import io.flotilla.source.SourceException;
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
}
