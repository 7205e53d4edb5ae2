package io.flotilla.cli.flux;

/** A failure the flux CLI reports as {@code ✗ <message>} and exit code 1. */
class FluxException extends RuntimeException {
  FluxException(String message) {
    super(message);
  }

  FluxException(String message, Throwable cause) {
    super(message, cause);
  }
}
