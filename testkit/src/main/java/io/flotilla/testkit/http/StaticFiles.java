package io.flotilla.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server answering each path from files the test puts, changes and removes as it
 * goes (404 for any other path); a path can also be {@link #huge}, a body of that many bytes,
 * streamed, for the size bounds of a client.
 */
public final class StaticFiles implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Long> huge = new ConcurrentHashMap<>();

  private StaticFiles(HttpServer server) {
    this.server = server;
  }

  public static StaticFiles start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    StaticFiles files = new StaticFiles(http);
    http.createContext("/", files::handle);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    return files;
  }

  /** {@code http://127.0.0.1:<port>}, without a slash at the end. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The URL of folder {@code dir}. */
  public String url(String dir) {
    return url() + "/" + dir;
  }

  /** Serves {@code body} at {@code path} (relative, no leading slash) from now on. */
  public void put(String path, byte[] body) {
    huge.remove(path);
    files.put(path, body);
  }

  public void put(String path, String body) {
    put(path, body.getBytes(StandardCharsets.UTF_8));
  }

  /** What {@code path} serves, null when nothing. */
  public byte[] get(String path) {
    return files.get(path);
  }

  public void remove(String path) {
    files.remove(path);
    huge.remove(path);
  }

  /** Serves {@code size} bytes of {@code #} at {@code path}. */
  public void huge(String path, long size) {
    files.remove(path);
    huge.put(path, size);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath().substring(1);
      Long size = huge.get(path);
      if (size != null) {
        streamHuge(ex, size);
        return;
      }
      byte[] body = files.get(path);
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private static void streamHuge(HttpExchange ex, long size) throws IOException {
    ex.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) '#');
    try (OutputStream out = ex.getResponseBody()) {
      for (long sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
      }
    } catch (IOException e) {
      // the client stopped reading at its limit
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
