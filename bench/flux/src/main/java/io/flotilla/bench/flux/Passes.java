package io.flotilla.bench.flux;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.flotilla.api.flux.FluxResource;
import io.flotilla.api.flux.FluxStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The two passes of Flux's benchmark, for any kind: N objects created at once until each is done,
 * then {@code reconcile.fluxcd.io/requestedAt} on all N without a change until each handled it.
 */
final class Passes {
  private Passes() {}

  /**
   * What is measured: objects {@code app-<i>} of {@code type} in {@link Scenario#NS}, done when
   * Ready and {@code applied} (what the kind must show besides), and having handled a reconcile
   * request when Ready with the request's token in {@code lastHandledReconcileAt}.
   */
  record Target<T extends FluxResource<?, ? extends FluxStatus>>(
      String kind, Class<T> type, IntFunction<T> object, Predicate<T> applied) {
    boolean done(T o) {
      return Bench.ready(o) && applied.test(o);
    }

    boolean handled(T o, String requestedAt) {
      return Bench.ready(o) && requestedAt.equals(o.getStatus().lastHandledReconcileAt());
    }
  }

  static <T extends FluxResource<?, ? extends FluxStatus>> Scenario.Result measure(
      KubernetesClient bench,
      int n,
      Target<T> target,
      Scenario.Settings settings,
      ApiServer api,
      SimpleMeterRegistry meters)
      throws Exception {
    SharedIndexInformer<T> informer =
        bench.resources(target.type()).inNamespace(Scenario.NS).inform();
    StoreChanges<T> changes = new StoreChanges<>();
    informer.addEventHandler(changes);
    try {
      System.gc();
      Scenario.Pass first;
      HeapMonitor heap = new HeapMonitor();
      WallProfile wall = WallProfile.startIfAsked();
      try {
        first =
            pass(
                bench,
                n,
                target,
                i -> bench.resource(target.object().apply(i)).create(),
                target::done,
                informer,
                changes,
                settings,
                api,
                meters);
      } finally {
        heap.close();
        if (wall != null) {
          wall.close();
        }
      }
      if (Boolean.getBoolean("bench.histogram")) {
        HeapMonitor.printHistogram(25); // what the heap holds with N objects applied
      }
      Scenario.Pass second = null;
      if (first.done()) {
        String requestedAt = Instant.now().toString();
        PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
        String patch =
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
                + requestedAt
                + "\"}}}";
        second =
            pass(
                bench,
                n,
                target,
                i ->
                    bench
                        .resources(target.type())
                        .inNamespace(Scenario.NS)
                        .withName("app-" + i)
                        .patch(merge, patch),
                o -> target.handled(o, requestedAt),
                informer,
                changes,
                settings,
                api,
                meters);
      }
      return new Scenario.Result(
          n, first, second, heap.peakUsed(), heap.peakLive(), heap.collections());
    } finally {
      informer.close();
    }
  }

  private static <T extends FluxResource<?, ? extends FluxStatus>> Scenario.Pass pass(
      KubernetesClient bench,
      int n,
      Target<T> target,
      Bench.IntTask send,
      Predicate<T> goal,
      SharedIndexInformer<T> informer,
      StoreChanges<T> changes,
      Scenario.Settings settings,
      ApiServer api,
      SimpleMeterRegistry meters)
      throws Exception {
    api.resetCounts();
    long apiCpu0 = api.cpuNanos();
    long before = Bench.reconciles(meters, target.kind());
    double seconds = Bench.reconcileSeconds(meters, target.kind());
    long t0 = System.nanoTime();
    long cpu0 = Bench.processCpuNanos();
    Bench.parallel(n, send);
    return Bench.await(
        informer,
        changes,
        n,
        goal,
        Bench::readyMessage,
        t0,
        cpu0,
        apiCpu0,
        settings.timeout(),
        api,
        meters,
        target.kind(),
        before,
        seconds);
  }
}
