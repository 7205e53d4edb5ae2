package io.flotilla.bench.kube;

import io.flotilla.kube.EmbeddedKubeApi;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watch fan-out: a server holding {@link AppliesBench#OBJECTS} ConfigMaps, K streaming HTTP watches
 * on the same collection, and writes whose arrival at every watcher is timed. Latency is from just
 * before a write is sent to its arrival at the last watcher; throughput is watch events delivered
 * per second while writes go in as fast as 4 threads can send them.
 */
final class WatchBench {
  static final int LATENCY_WRITES = 200;
  static final int THROUGHPUT_WRITES = 2_000;
  static final double TARGET_P99_MS = 100;
  private static final Pattern RV = Pattern.compile("\"resourceVersion\":\"(\\d+)\"");
  private static final String MARK = "\"REVISION\":\"w";

  private final Report report;

  WatchBench(Report report) {
    this.report = report;
  }

  void run(List<Integer> watcherCounts) {
    for (int k : watcherCounts) {
      report.measure("watch fan-out (" + k + " watchers)", () -> measure(k));
    }
  }

  private void measure(int k) throws Exception {
    try (EmbeddedKubeApi kube = Servers.start();
        Applier.Raw writer = new Applier.Raw(kube.url())) {
      Servers.createNamespace(kube);
      AppliesBench.phase(
          writer,
          Workload.CONFIGMAP,
          4,
          AppliesBench.OBJECTS,
          AppliesBench.OBJECTS,
          Duration.ofSeconds(60),
          i -> "r0");
      int total = LATENCY_WRITES + THROUGHPUT_WRITES;
      CountDownLatch[] arrived = new CountDownLatch[total];
      for (int i = 0; i < total; i++) {
        arrived[i] = new CountDownLatch(k);
      }
      AtomicLongArray lastArrival = new AtomicLongArray(total);
      String rv = currentRv(writer);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<InputStream> streams = new ArrayList<>();
      List<Thread> readers = new ArrayList<>();
      try {
        for (int w = 0; w < k; w++) {
          InputStream in =
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(
                                  kube.url()
                                      + "/api/v1/namespaces/bench/configmaps?watch=true"
                                      + "&resourceVersion="
                                      + rv))
                          .build(),
                      HttpResponse.BodyHandlers.ofInputStream())
                  .body();
          streams.add(in);
          readers.add(Thread.ofVirtual().start(() -> read(in, arrived, lastArrival)));
        }
        // Latency: one write at a time, each waited for at every watcher.
        long[] latency = new long[LATENCY_WRITES];
        for (int n = 0; n < LATENCY_WRITES; n++) {
          long sent = System.nanoTime();
          writer.apply(Workload.CONFIGMAP, n % AppliesBench.OBJECTS, "w" + n);
          if (!arrived[n].await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("write " + n + " did not reach all watchers in 10 s");
          }
          latency[n] = lastArrival.get(n) - sent;
        }
        Arrays.sort(latency);
        String what = "watch fan-out (" + k + (k == 1 ? " watcher" : " watchers");
        report.info(
            what + ", p50 write→all delivered)",
            String.format("%.2f ms", latency[LATENCY_WRITES / 2] / 1e6));
        report.atMost(
            what + ", p99 write→all delivered)",
            latency[LATENCY_WRITES * 99 / 100] / 1e6,
            TARGET_P99_MS,
            " ms");
        // Throughput: writes as fast as they go, then wait for the last delivery.
        long start = System.nanoTime();
        AppliesBench.phase(
            writer,
            Workload.CONFIGMAP,
            4,
            AppliesBench.OBJECTS,
            THROUGHPUT_WRITES,
            Duration.ofSeconds(60),
            n -> "w" + (LATENCY_WRITES + n));
        long writesDone = System.nanoTime();
        long end = 0;
        for (int n = LATENCY_WRITES; n < total; n++) {
          if (!arrived[n].await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("write " + n + " did not reach all watchers in 60 s");
          }
          end = Math.max(end, lastArrival.get(n));
        }
        report.info(
            what + ", events/s delivered)",
            Report.num((double) THROUGHPUT_WRITES * k * 1e9 / (end - start))
                + " ("
                + Report.num(THROUGHPUT_WRITES * 1e9 / (writesDone - start))
                + " writes/s)");
      } finally {
        for (InputStream in : streams) {
          in.close();
        }
        http.shutdownNow();
        for (Thread t : readers) {
          t.join(5_000);
        }
      }
    }
  }

  /** Marks each event's write number as arrived at this watcher. */
  private static void read(InputStream in, CountDownLatch[] arrived, AtomicLongArray lastArrival) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        long now = System.nanoTime();
        int at = line.indexOf(MARK);
        if (at < 0) {
          continue;
        }
        int from = at + MARK.length();
        int n = Integer.parseInt(line, from, line.indexOf('"', from), 10);
        if (n < arrived.length) {
          lastArrival.accumulateAndGet(n, now, Math::max);
          arrived[n].countDown();
        }
      }
    } catch (Exception e) {
      // The stream is closed at the end of a round; nothing to report.
    }
  }

  private static String currentRv(Applier.Raw raw) throws Exception {
    String body = raw.send("GET", "/api/v1/namespaces/bench/configmaps?limit=1", null, null).body();
    Matcher m = RV.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no resourceVersion in list: " + body);
    }
    return m.group(1);
  }
}
