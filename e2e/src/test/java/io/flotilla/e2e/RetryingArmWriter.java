package io.flotilla.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Clients of the configuration service ({@link #run} on a thread each), each creating five
 * configurations and then patching their branch round after round; a failed request is repeated
 * until it succeeds, as an ARM client retries, and what each configuration was last acknowledged as
 * is noted.
 */
final class RetryingArmWriter {
  private static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);
  private final HttpClient http;
  private final ArmRequests arm;
  private final String sub;
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final Map<String, String> last = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;

  RetryingArmWriter(HttpClient http, ArmRequests arm, String sub) {
    this.http = http;
    this.arm = arm;
    this.sub = sub;
  }

  void run(int client) {
    try {
      for (int round = 1; !stopped; round++) {
        for (int n = 0; n < 5 && !stopped; n++) {
          String name = "pg-" + client + "-" + n;
          String path = ArmRequests.configuration(sub, "pg", name);
          String branch = "b" + round;
          boolean done =
              round == 1
                  ? retry(
                      () -> arm.put(path, ArmRequests.gitConfiguration(branch)), Set.of(200, 201))
                  : retry(() -> arm.patch(path, ArmRequests.branchPatch(branch)), Set.of(200, 202));
          if (done) {
            last.put(name, branch);
            acknowledged.incrementAndGet();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean retry(Supplier<HttpRequest> request, Set<Integer> ok)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < end) {
      try {
        HttpResponse<String> r = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
        if (ok.contains(r.statusCode())) {
          return true;
        }
        errors
            .computeIfAbsent("HTTP " + r.statusCode(), k -> new AtomicInteger())
            .incrementAndGet();
        if (!RETRYABLE.contains(r.statusCode())) {
          problems.add(
              request.get().method()
                  + " "
                  + request.get().uri()
                  + " -> "
                  + r.statusCode()
                  + " "
                  + r.body());
          return false;
        }
      } catch (IOException e) {
        errors
            .computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
            .incrementAndGet();
      }
      Thread.sleep(200); // a client's back-off before it retries
    }
    problems.add(request.get().method() + " " + request.get().uri() + ": no success within 90 s");
    return false;
  }

  int acknowledged() {
    return acknowledged.get();
  }

  Map<String, String> last() {
    return last;
  }

  Map<String, AtomicInteger> errors() {
    return new TreeMap<>(errors);
  }

  List<String> problems() {
    return problems;
  }

  void stop() {
    stopped = true;
  }
}
