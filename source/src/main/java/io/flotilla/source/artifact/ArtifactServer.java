package io.flotilla.source.artifact;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves stored artifacts over plain HTTP: {@code GET /<kind>/<namespace>/<name>/<file>.tar.gz}.
 * Only artifact files are served; anything else, including paths that would leave the storage root,
 * gets 404.
 */
public final class ArtifactServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArtifactServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;

  private ArtifactServer(HttpServer server, ExecutorService executor, String host) {
    this.server = server;
    this.executor = executor;
    String h = host.contains(":") ? "[" + host + "]" : host;
    this.baseUrl = "http://" + h + ":" + server.getAddress().getPort();
  }

  /** Starts serving {@code storage} on {@code host:port} (port 0 picks a free one). */
  public static ArtifactServer start(ArtifactStorage storage, String host, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      server.setExecutor(executor);
      server.createContext("/", exchange -> handle(storage, exchange));
      server.start();
      ArtifactServer s = new ArtifactServer(server, executor, host);
      log.info("serving artifacts from {} at {}", storage.root(), s.baseUrl);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start artifact server on " + host + ":" + port, e);
    }
  }

  /** {@code http://<host>:<port>}, the base to advertise in artifact URLs. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void handle(ArtifactStorage storage, HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        text(exchange, 405, "method not allowed");
        return;
      }
      String raw = exchange.getRequestURI().getRawPath();
      String path = exchange.getRequestURI().getPath();
      Optional<Path> file =
          raw == null || raw.contains("%2f") || raw.contains("%2F") || raw.contains("%5c")
              ? Optional.empty()
              : storage.localFile(path.startsWith("/") ? path.substring(1) : path);
      if (file.isEmpty()) {
        text(exchange, 404, "404 page not found");
        return;
      }
      long size = Files.size(file.get());
      exchange.getResponseHeaders().set("Content-Type", "application/gzip");
      if (head) {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, size);
      try (InputStream in = Files.newInputStream(file.get());
          OutputStream out = exchange.getResponseBody()) {
        in.transferTo(out);
      }
    }
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
