package io.flotilla.app.run;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until the JVM is asked to stop, then closes what it runs. */
final class Blocking {
  private Blocking() {}

  static int untilStopped(AutoCloseable running) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } catch (Exception e) {
                    System.err.println("flotilla: error while stopping: " + e.getMessage());
                  }
                  stopped.countDown();
                },
                "flotilla-shutdown"));
    stopped.await();
    return 0;
  }
}
