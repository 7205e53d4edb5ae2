package io.flotilla.app.up;

/** `flotilla up` will not start, for a reason its message gives with what to do about it. */
public final class StartRefused extends RuntimeException {
  StartRefused(String message) {
    super(message);
  }

  StartRefused(String message, Throwable cause) {
    super(message, cause);
  }
}
