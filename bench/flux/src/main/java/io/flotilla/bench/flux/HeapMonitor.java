package io.flotilla.bench.flux;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap while a phase runs: the highest heap in use seen by a 50 ms sampler (garbage included,
 * so it approaches -Xmx under pressure) and the highest heap still in use right after a collection
 * (what the process really holds, the figure comparable to a working set).
 */
final class HeapMonitor implements AutoCloseable {
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakLive = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<Runnable> unsubscribe = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  HeapMonitor() {
    NotificationListener listener =
        (n, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              n.getType())) {
            return;
          }
          var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long after = 0;
          for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeap(e.getKey())) {
              after += e.getValue().getUsed();
            }
          }
          collections.incrementAndGet();
          peakLive.accumulateAndGet(after, Math::max);
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (Exception e) {
                // already gone
              }
            });
      }
    }
    sampler =
        Thread.ofPlatform()
            .daemon()
            .name("heap-sampler")
            .start(
                () -> {
                  var memory = ManagementFactory.getMemoryMXBean();
                  while (running) {
                    MemoryUsage heap = memory.getHeapMemoryUsage();
                    peakUsed.accumulateAndGet(heap.getUsed(), Math::max);
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  /** Heap pools by name: G1 "G1 Eden Space"/"G1 Old Gen"/…, Parallel/Serial likewise. */
  private static boolean isHeap(String pool) {
    return !pool.contains("Metaspace")
        && !pool.contains("Code")
        && !pool.contains("Compressed Class");
  }

  /**
   * The top of {@code jcmd GC.class_histogram} (a full GC first): what the live heap is made of.
   */
  static void printHistogram(int lines) {
    try {
      Object out =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      List<String> all = String.valueOf(out).lines().toList();
      all.stream().limit(lines + 2).forEach(l -> System.out.println("  " + l));
      System.out.println("  " + all.get(all.size() - 1)); // Total
    } catch (Exception e) {
      System.out.println("  (no class histogram: " + e + ")");
    }
  }

  long peakUsed() {
    return peakUsed.get();
  }

  /** The largest heap left after a collection, or -1 when no collection ran. */
  long peakLive() {
    return collections.get() == 0 ? -1 : peakLive.get();
  }

  long collections() {
    return collections.get();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    unsubscribe.forEach(Runnable::run);
  }
}
