package io.flotilla.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback HTTP reverse proxy that injects faults: each request is passed to the target, answered
 * with an error, or left hanging, as the current rule decides. Responses stream through as they
 * arrive, so Kubernetes watches and Git's smart protocol work behind it.
 */
final class FaultProxy implements AutoCloseable {
  /** What happens to one request. */
  sealed interface Fault permits Pass, Answer, Hang {}

  /** Forwarded to the target unchanged. */
  record Pass() implements Fault {}

  /** Answered here with {@code status} (and {@code Retry-After} when not null). */
  record Answer(int status, String retryAfter, String contentType, String body) implements Fault {}

  /** Accepted and left unanswered for {@code duration}, then the connection is closed. */
  record Hang(Duration duration) implements Fault {}

  /** A request as the rule sees it. */
  record Request(String method, String path, String query) {}

  static final Fault PASS = new Pass();

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "date");

  private final HttpServer server;
  private final URI target;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private volatile Function<Request, Fault> rule = r -> PASS;
  private final AtomicInteger injected = new AtomicInteger();

  private FaultProxy(HttpServer server, URI target) {
    this.server = server;
    this.target = target;
  }

  static FaultProxy start(String target) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    FaultProxy proxy = new FaultProxy(http, URI.create(target));
    http.createContext("/", proxy::handle);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    return proxy;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** From now on, requests meet {@code rule}; {@code r -> PASS} heals. */
  void rule(Function<Request, Fault> rule) {
    this.rule = rule;
  }

  void heal() {
    rule(r -> PASS);
  }

  /** How many requests were answered or hung here instead of being passed on. */
  int injected() {
    return injected.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      Fault fault =
          rule.apply(new Request(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery()));
      switch (fault) {
        case Pass p -> forward(ex);
        case Answer a -> {
          injected.incrementAndGet();
          ex.getRequestBody().readAllBytes();
          byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", a.contentType());
          if (a.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", a.retryAfter());
          }
          ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          }
        }
        case Hang h -> {
          injected.incrementAndGet();
          try {
            Thread.sleep(h.duration());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }

  private void forward(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    URI uri = ex.getRequestURI();
    HttpRequest.Builder req =
        HttpRequest.newBuilder(
                target.resolve(
                    uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
            .method(
                ex.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> req.header(name, v));
              }
            });
    HttpResponse<InputStream> res;
    try {
      res = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    try (InputStream in = res.body()) {
      res.headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                  ex.getResponseHeaders().put(name, List.copyOf(values));
                }
              });
      long length = res.headers().firstValueAsLong("Content-Length").orElse(-2);
      ex.sendResponseHeaders(res.statusCode(), length == -2 ? 0 : length == 0 ? -1 : length);
      if (length == 0) {
        return;
      }
      OutputStream out = ex.getResponseBody();
      byte[] buf = new byte[16 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush(); // a watch event goes out as it arrives
      }
      out.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
  }
}
