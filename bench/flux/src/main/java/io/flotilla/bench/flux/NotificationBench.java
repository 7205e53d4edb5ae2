package io.flotilla.bench.flux;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.controllers.Crds;
import io.flotilla.controllers.notification.NotificationOptions;
import io.flotilla.controllers.notification.Notifications;
import io.flotilla.controllers.runtime.FluxEvent;
import io.flotilla.testkit.TestKube;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issue 17's burst: 1,000 Kustomizations failing at once, ten distinct error events each (10,000
 * events), published to the notification pipeline as the controllers publish them, routed by one
 * Alert to a generic webhook on 127.0.0.1. Prints the time until the webhook has all of them and
 * the heap the burst added (live heap after collections, over the live heap before). Targets: ≤ 60
 * s, ≤ 64 MiB. Run with {@code bench/flux/run.sh --notify [events]}.
 */
public final class NotificationBench {
  private NotificationBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int objects = Math.max(1, events / 10);
    java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(204, -1);
          ex.close();
          received.incrementAndGet();
        });
    hook.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    hook.start();
    try (TestKube kube = TestKube.start()) {
      KubernetesClient client = kube.client();
      Crds.install(client);
      client
          .namespaces()
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName("apps")
                  .endMetadata()
                  .build())
          .create();
      create(
          client,
          "Provider",
          "  type: generic\n  address: http://127.0.0.1:"
              + hook.getAddress().getPort()
              + "/flux\n");
      create(
          client,
          "Alert",
          "  providerRef:\n    name: hook\n  eventSeverity: error\n"
              + "  eventSources:\n  - kind: Kustomization\n    name: '*'\n");
      try (Notifications n =
          Notifications.start(client, NotificationOptions.defaults(), false, Clock.systemUTC())) {
        // the caches hold the Alert and the Provider: one event goes through first
        int warmUp = 0;
        while (received.get() == 0) {
          n.sink().publish(event(-1, "warm-up " + warmUp++));
          Thread.sleep(200);
        }
        // every warm-up event is distinct (never deduplicated): wait until all have arrived,
        // bounded so that a lost one fails the run instead of hanging it
        long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() < warmUp) {
          if (System.nanoTime() > warmDeadline) {
            throw new IllegalStateException(
                "only " + received.get() + " of " + warmUp + " warm-up events arrived in 30 s");
          }
          Thread.sleep(10);
        }
        long base = received.get();
        System.gc();
        long before = usedHeap();
        try (HeapMonitor heap = new HeapMonitor()) {
          long start = System.nanoTime();
          for (int i = 0; i < events; i++) {
            n.sink().publish(event(i % objects, "attempt " + (i / objects)));
          }
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
          while (received.get() - base < events && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          long got = received.get() - base;
          boolean all = got >= events;
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          System.out.printf(
              "%d events from %d Kustomizations: %s at the webhook in %.1f s (%.0f/s);"
                  + " live heap +%d MiB over %d MiB before (peak live %d MiB, peak used %d MiB,"
                  + " %d collections)%n",
              events,
              objects,
              all ? "all" : got + "",
              took.toMillis() / 1000.0,
              events * 1000.0 / Math.max(1, took.toMillis()),
              Math.max(0, heap.peakLive() - before) >> 20,
              before >> 20,
              heap.peakLive() >> 20,
              heap.peakUsed() >> 20,
              heap.collections());
        }
      }
    } finally {
      hook.stop(0);
    }
  }

  private static long usedHeap() {
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static FluxEvent event(int object, String attempt) {
    return new FluxEvent(
        new FluxEvent.InvolvedObject(
            "Kustomization",
            "apps",
            "app-" + object,
            "uid-" + object,
            "kustomize.toolkit.fluxcd.io/v1",
            null),
        FluxEvent.ERROR,
        Instant.now().toString(),
        "kustomize build failed: accumulating resources from 'deploy.yaml': missing file ("
            + attempt
            + ")",
        "BuildFailed",
        Map.of("revision", "main@sha1:0123456789abcdef0123456789abcdef01234567"),
        "kustomize-controller",
        "bench");
  }

  private static void create(KubernetesClient client, String kind, String spec) {
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: "
                        + kind
                        + "\nmetadata:\n  name: "
                        + (kind.equals("Provider") ? "hook" : "all")
                        + "\n  namespace: apps\nspec:\n"
                        + spec,
                    GenericKubernetesResource.class))
        .create();
  }
}
