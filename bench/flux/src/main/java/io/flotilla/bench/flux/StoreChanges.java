package io.flotilla.bench.flux;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** Counts an informer's events, so a wait for a goal wakes on a change instead of polling. */
final class StoreChanges<T> implements ResourceEventHandler<T> {
  private long version;

  synchronized long version() {
    return version;
  }

  /** Returns once an event came after {@code seen}, or at {@code deadlineNanos}. */
  synchronized void awaitAfter(long seen, long deadlineNanos) throws InterruptedException {
    while (version == seen) {
      long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (ms <= 0) {
        return;
      }
      wait(ms);
    }
  }

  private synchronized void changed() {
    version++;
    notifyAll();
  }

  @Override
  public void onAdd(T object) {
    changed();
  }

  @Override
  public void onUpdate(T old, T object) {
    changed();
  }

  @Override
  public void onDelete(T object, boolean unknown) {
    changed();
  }
}
