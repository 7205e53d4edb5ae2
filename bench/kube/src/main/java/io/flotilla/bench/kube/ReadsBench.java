package io.flotilla.bench.kube;

import io.flotilla.kube.EmbeddedKubeApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads of {@link #OBJECTS} ConfigMaps (applied server-side, so with managedFields) in JSON and in
 * Kubernetes' protobuf, as kubectl and client-go ask for them: lists of the whole collection and
 * gets of each object. The client only reads the bytes, so the figures are the server's encoding
 * and the transfer. JSON and protobuf rounds alternate and each figure is the median of its rounds,
 * so a change in the machine's load hits both alike; the target is protobuf faster than JSON.
 */
final class ReadsBench {
  static final int OBJECTS = 1_000;
  static final int ROUNDS = 9;
  static final int LISTS_PER_ROUND = 20;
  static final int GET_THREADS = 4;
  static final String JSON = "application/json";
  static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  private static final String LIST = "/api/v1/namespaces/" + Workload.NAMESPACE + "/configmaps";

  private final Report report;

  ReadsBench(Report report) {
    this.report = report;
  }

  void run() {
    report.measure("protobuf vs JSON reads", this::measure);
  }

  private void measure() throws Exception {
    try (EmbeddedKubeApi kube = Servers.start();
        Applier.Raw writer = new Applier.Raw(kube.url());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      Servers.createNamespace(kube);
      AppliesBench.phase(
          writer, Workload.CONFIGMAP, 4, OBJECTS, OBJECTS, Duration.ofMinutes(2), i -> "r" + i);
      String base = kube.url();
      long jsonBytes = read(http, base + LIST, JSON);
      long protoBytes = read(http, base + LIST, PROTOBUF);
      report.info(
          "list of " + OBJECTS + " ConfigMaps, bytes (JSON / protobuf)",
          Report.num(jsonBytes) + " / " + Report.num(protoBytes));
      // warm up both paths (JIT) before anything counts
      lists(http, base, JSON, LISTS_PER_ROUND);
      lists(http, base, PROTOBUF, LISTS_PER_ROUND);
      gets(http, base, JSON);
      gets(http, base, PROTOBUF);

      double[] listJson = new double[ROUNDS];
      double[] listProto = new double[ROUNDS];
      double[] getJson = new double[ROUNDS];
      double[] getProto = new double[ROUNDS];
      for (int r = 0; r < ROUNDS; r++) {
        listJson[r] = lists(http, base, JSON, LISTS_PER_ROUND);
        listProto[r] = lists(http, base, PROTOBUF, LISTS_PER_ROUND);
        getJson[r] = gets(http, base, JSON);
        getProto[r] = gets(http, base, PROTOBUF);
      }
      double lj = median(listJson);
      double lp = median(listProto);
      double gj = median(getJson);
      double gp = median(getProto);
      report.info("lists/s of " + OBJECTS + " ConfigMaps, 1 thread, JSON", Report.num(lj));
      report.info("lists/s of " + OBJECTS + " ConfigMaps, 1 thread, protobuf", Report.num(lp));
      report.ratio("list: protobuf / JSON", lp / lj, 1.0);
      report.info("gets/s, " + GET_THREADS + " threads, JSON", Report.num(gj));
      report.info("gets/s, " + GET_THREADS + " threads, protobuf", Report.num(gp));
      report.ratio("get: protobuf / JSON", gp / gj, 1.0);
    }
  }

  /** Lists the collection {@code n} times in a row; lists per second. */
  private static double lists(HttpClient http, String base, String accept, int n) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      read(http, base + LIST, accept);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  /** Gets every object once from {@link #GET_THREADS} threads; gets per second. */
  private static double gets(HttpClient http, String base, String accept) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Exception> error = new AtomicReference<>();
    AtomicLong bytes = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < GET_THREADS; t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    int i;
                    while (error.get() == null && (i = next.getAndIncrement()) < OBJECTS) {
                      try {
                        bytes.addAndGet(read(http, base + LIST + "/" + Workload.name(i), accept));
                      } catch (Exception e) {
                        error.compareAndSet(null, e);
                      }
                    }
                  }));
    }
    for (Thread t : workers) {
      t.join();
    }
    if (error.get() != null) {
      throw error.get();
    }
    return OBJECTS / ((System.nanoTime() - start) / 1e9);
  }

  /** One GET; the body's length. Throws unless it is a 200 in the media type asked for. */
  private static long read(HttpClient http, String url, String accept) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).GET().build();
    HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    String type = res.headers().firstValue("Content-Type").orElse("");
    if (res.statusCode() != 200 || !type.startsWith(accept)) {
      throw new IllegalStateException("GET " + url + " -> " + res.statusCode() + " " + type);
    }
    return res.body().length;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
