package io.flotilla.e2e;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test started, closed last-first when it ends; one that fails to stop is printed and the
 * rest still stop, so a broken server does not leak the others into the next test.
 */
final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  <T extends AutoCloseable> T push(T resource) {
    open.push(resource);
    return resource;
  }

  @Override
  public void close() {
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        System.err.println("stopping: " + e);
      }
    }
  }
}
