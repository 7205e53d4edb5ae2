package io.flotilla.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * Clients writing over HTTP as fast as they can until the server goes away. Each client runs its
 * own sequence of requests; {@link #send} counts the answers the script expects and notes any
 * other, and an I/O error (the server was killed) ends that client.
 */
final class WriteStorm {
  /** One client's script; {@code storm.send} returns false once the client should stop. */
  interface Script {
    void run(int client, WriteStorm storm) throws Exception;
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger answers = new AtomicInteger();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final List<Thread> clients = new ArrayList<>();

  static WriteStorm start(int clients, Script script) {
    WriteStorm storm = new WriteStorm();
    for (int c = 0; c < clients; c++) {
      int client = c;
      storm.clients.add(
          Thread.ofPlatform()
              .name("storm-" + c)
              .start(
                  () -> {
                    try {
                      script.run(client, storm);
                    } catch (Exception e) {
                      storm.unexpected.add("client " + client + ": " + e);
                    }
                  }));
    }
    return storm;
  }

  /** True when the answer is {@code expected}; false (and the client should stop) otherwise. */
  boolean send(HttpRequest request, int expected) throws InterruptedException {
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return false; // the server is gone
    }
    if (r.statusCode() != expected) {
      unexpected.add(
          request.method() + " " + request.uri() + " -> " + r.statusCode() + " " + r.body());
      return false;
    }
    answers.incrementAndGet();
    return true;
  }

  int answers() {
    return answers.get();
  }

  /** Answers that were neither expected nor the server going away. */
  List<String> unexpected() {
    return unexpected;
  }

  /** Waits until {@code count} answers arrived; false if all clients stopped or time ran out. */
  boolean awaitAnswers(int count, Duration within) {
    Awaitility.await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> answers.get() >= count || clients.stream().noneMatch(Thread::isAlive));
    return answers.get() >= count;
  }

  /** Waits for every client to notice the server is gone. */
  void join() throws InterruptedException {
    for (Thread t : clients) {
      t.join(Duration.ofSeconds(30));
    }
    http.close();
  }
}
