package io.flotilla.apply;

import java.time.Duration;

/** Waiting between polls, injectable so tests advance a fake clock instead of sleeping. */
@FunctionalInterface
interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
