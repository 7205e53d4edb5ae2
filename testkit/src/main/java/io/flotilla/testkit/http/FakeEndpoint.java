package io.flotilla.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A loopback HTTP server standing in for a provider (a webhook, Slack, Teams, Event Hubs, GitHub):
 * records every request and answers what the test's responder says (204 by default).
 */
public final class FakeEndpoint implements AutoCloseable {
  /** One request as it arrived; header names in lower case. */
  public record Request(String method, String path, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** What the endpoint answers. */
  public record Answer(int status, String body) {}

  private final HttpServer server;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private volatile Function<Request, Answer> responder = r -> new Answer(204, "");

  public FakeEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public FakeEndpoint answering(Function<Request, Answer> r) {
    this.responder = r;
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The next request, waiting up to {@code within}; fails the test when none comes. */
  public Request next(Duration within) throws InterruptedException {
    Request r = requests.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no request reached " + url() + " within " + within);
    }
    return r;
  }

  /** Null when none comes within {@code within}. */
  public Request poll(Duration within) throws InterruptedException {
    return requests.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int pending() {
    return requests.size();
  }

  private void handle(HttpExchange ex) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    String query = ex.getRequestURI().getRawQuery();
    Request r =
        new Request(
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
            headers,
            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Answer a = responder.apply(r);
    requests.add(r);
    byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
