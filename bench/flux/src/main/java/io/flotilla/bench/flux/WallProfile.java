package io.flotilla.bench.flux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the reconcile threads spend wall-clock time (JFR samples only threads on a CPU, and this
 * machine is mostly waiting): every 20 ms, the stack of each thread inside a reconciler, reduced to
 * its project frames, counted; printed as the heaviest call paths. On with {@code
 * -Dbench.wallProfile=true}.
 */
final class WallProfile implements AutoCloseable {
  private static final long PERIOD_MS = 20;
  private final Map<String, Long> paths = new HashMap<>(); // path -> thread-milliseconds
  private final Thread sampler;
  private volatile boolean running = true;
  private int samples;
  private long last = System.nanoTime();

  WallProfile() {
    sampler =
        Thread.ofPlatform()
            .daemon()
            .name("wall-profile")
            .start(
                () -> {
                  while (running) {
                    sample();
                    try {
                      Thread.sleep(PERIOD_MS);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  static WallProfile startIfAsked() {
    return Boolean.getBoolean("bench.wallProfile") ? new WallProfile() : null;
  }

  private void sample() {
    Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
    long now = System.nanoTime();
    long weight = (now - last) / 1_000_000; // a loaded machine samples less often than asked
    last = now;
    synchronized (paths) {
      samples++;
      all.values().forEach(stack -> count(stack, weight));
    }
  }

  private void count(StackTraceElement[] stack, long weight) {
    List<String> own = new ArrayList<>();
    boolean inReconciler = false;
    for (int i = stack.length - 1; i >= 0; i--) {
      StackTraceElement e = stack[i];
      if (e.getClassName().startsWith("io.flotilla.")) {
        String cls = e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1);
        inReconciler |= e.getMethodName().equals("reconcile") && cls.endsWith("Reconciler");
        String frame = cls + "." + e.getMethodName();
        if (own.isEmpty() || !own.getLast().equals(frame)) {
          own.add(frame);
        }
      }
    }
    if (!inReconciler) {
      return;
    }
    String leaf = stack.length == 0 ? "" : stack[0].getClassName() + "." + stack[0].getMethodName();
    for (int depth = 1; depth <= own.size(); depth++) {
      String key = String.join(" > ", own.subList(0, depth));
      paths.merge(depth == own.size() ? key + "  [" + leaf + "]" : key, weight, Long::sum);
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    synchronized (paths) {
      System.out.printf(
          Locale.ROOT,
          "wall-clock profile of reconcile threads: %d samples, about every %d ms asked"
              + " (thread-seconds)%n",
          samples,
          PERIOD_MS);
      paths.entrySet().stream()
          .filter(e -> e.getValue() >= 200)
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  System.out.printf(
                      Locale.ROOT, "  %7.1f  %s%n", e.getValue() / 1000.0, e.getKey()));
    }
  }
}
