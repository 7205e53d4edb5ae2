package io.flotilla.controllers.notification;

/**
 * A delivery that failed: {@code retryable} for what Flux's retrying client retries (no connection,
 * a timeout, 429 and 5xx answers), not for a refusal (4xx) or a bad Provider.
 */
final class DeliveryException extends Exception {
  private final boolean retryable;

  DeliveryException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  boolean retryable() {
    return retryable;
  }

  static DeliveryException permanent(String message) {
    return new DeliveryException(message, false);
  }
}
