package io.flotilla.app.ops;

/** Another replica holds the Lease while this one was started without leader election. */
public final class LeaseHeld extends RuntimeException {
  LeaseHeld(String message) {
    super(message);
  }
}
