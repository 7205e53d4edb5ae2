package io.flotilla.controllers.image;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry's tag listing on 127.0.0.1: {@code tags} tags named {@code 1.0.<i>}, paged as the
 * distribution API pages them ({@code n} and {@code last} in a {@code Link} header), or a body that
 * is not JSON when {@code garbage}.
 */
final class FakeRegistry implements AutoCloseable {
  final HttpServer server;
  final AtomicInteger pages = new AtomicInteger();

  FakeRegistry(int tags, boolean garbage) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v2/",
        ex -> {
          pages.incrementAndGet();
          byte[] body;
          if (garbage) {
            body = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
          } else {
            String q = ex.getRequestURI().getQuery();
            int n = Integer.parseInt(param(q, "n", "100"));
            int from = Integer.parseInt(param(q, "last", "-1")) + 1;
            int to = Math.min(tags, from + n);
            StringBuilder json = new StringBuilder("{\"name\":\"team/app\",\"tags\":[");
            for (int i = from; i < to; i++) {
              json.append(i == from ? "" : ",").append("\"1.0.").append(i).append('"');
            }
            json.append("]}");
            if (to < tags) {
              ex.getResponseHeaders()
                  .add(
                      "Link",
                      "</v2/team/app/tags/list?n=%d&last=%d>; rel=\"next\"".formatted(n, to - 1));
            }
            body = json.toString().getBytes(StandardCharsets.UTF_8);
          }
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  private static String param(String query, String name, String otherwise) {
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith(name + "=")) return kv.substring(name.length() + 1);
      }
    }
    return otherwise;
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
