package io.flotilla.kustomize.helm;

import sun.misc.Signal;

/**
 * Gives SIGINT, SIGTERM and SIGHUP back to the JVM after a helm-java call. Helm's Go runtime,
 * loaded into this process, installs its own handlers for them and then swallows them, so a
 * long-running process that has rendered a chart ignored Ctrl-C and {@code kill} (its shutdown
 * hooks never ran). Re-registering them does what the JVM does by default: run the shutdown hooks
 * and exit with 128 + the signal number.
 */
final class NativeSignals {
  private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

  private NativeSignals() {}

  static void restore() {
    for (String name : SIGNALS) {
      try {
        Signal.handle(new Signal(name), s -> exit(128 + s.getNumber()));
      } catch (IllegalArgumentException e) {
        // the JVM was started with -Xrs or the platform lacks the signal: leave it as it is
      }
    }
  }

  private static void exit(int status) {
    // off the signal dispatcher thread, as the JVM's own Terminator does
    Thread.ofPlatform().name("signal-exit").start(() -> System.exit(status));
  }
}
