package io.flotilla.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A loopback proxy in front of the embedded API for Helm's own client (helm-java): Helm 3.21's
 * release storage writes Secrets through client-go's typed clientset, which encodes request bodies
 * as {@code application/vnd.kubernetes.protobuf}; the embedded API speaks JSON and YAML only and
 * answers 415. This proxy rewrites exactly those bodies (a {@code k8s\0}-prefixed {@code
 * runtime.Unknown} wrapping a {@code v1.Secret}) to JSON and forwards everything else untouched.
 * Responses are JSON already; client-go decodes them by their Content-Type.
 */
final class ProtobufSecretProxy implements AutoCloseable {
  static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP =
      Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String upstream;

  /** Secret bodies rewritten from protobuf, so a test can show the proxy was needed. */
  final java.util.concurrent.atomic.AtomicInteger transcoded =
      new java.util.concurrent.atomic.AtomicInteger();

  ProtobufSecretProxy(String upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          try {
            forward(ex);
          } catch (IOException | RuntimeException e) {
            System.err.println("proxy failed on " + ex.getRequestURI() + ": " + e);
            throw e;
          }
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      if (type != null && type.startsWith(PROTOBUF) && body.length > 0) {
        body = secretJson(body);
        type = "application/json";
        transcoded.incrementAndGet();
      }
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()))
              .method(
                  ex.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders()
          .forEach(
              (k, vs) -> {
                if (!HOP.contains(k.toLowerCase()) && !k.equalsIgnoreCase("content-type")) {
                  vs.forEach(v -> b.header(k, v));
                }
              });
      if (type != null) b.header("Content-Type", type);
      HttpResponse<byte[]> r;
      try {
        r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      r.headers()
          .map()
          .forEach(
              (k, vs) -> {
                if (!HOP.contains(k.toLowerCase()) && !k.equals(":status")) {
                  vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
              });
      ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      }
    }
  }

  /** {@code k8s\0} + runtime.Unknown{typeMeta=1, raw=2} where raw is a v1.Secret. */
  static byte[] secretJson(byte[] body) throws IOException {
    if (body.length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0) {
      throw new IOException("not a kubernetes protobuf envelope");
    }
    Reader unknown = new Reader(body, 4, body.length);
    String apiVersion = "v1";
    String kind = "Secret";
    byte[] raw = new byte[0];
    while (unknown.more()) {
      int key = unknown.varint32();
      if (key >>> 3 == 1) {
        Reader tm = unknown.sub();
        while (tm.more()) {
          int k = tm.varint32();
          if (k >>> 3 == 1) apiVersion = tm.string();
          else if (k >>> 3 == 2) kind = tm.string();
          else tm.skip(k);
        }
      } else if (key >>> 3 == 2) {
        raw = unknown.bytes();
      } else {
        unknown.skip(key);
      }
    }
    if (!kind.equals("Secret")) throw new IOException("only Secrets are transcoded, got " + kind);
    ObjectNode secret = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
    Reader s = new Reader(raw, 0, raw.length);
    while (s.more()) {
      int k = s.varint32();
      switch (k >>> 3) {
        case 1 -> secret.set("metadata", meta(s.sub()));
        case 2 -> {
          String[] e = entry(s.sub());
          secret
              .withObject("data")
              .put(
                  e[0],
                  Base64.getEncoder().encodeToString(e[1].getBytes(StandardCharsets.ISO_8859_1)));
        }
        case 3 -> secret.put("type", s.string());
        case 5 -> secret.put("immutable", s.varint() != 0);
        default -> s.skip(k);
      }
    }
    return JSON.writeValueAsBytes(secret);
  }

  private static ObjectNode meta(Reader m) throws IOException {
    ObjectNode meta = JSON.createObjectNode();
    while (m.more()) {
      int k = m.varint32();
      switch (k >>> 3) {
        case 1 -> meta.put("name", m.string());
        case 3 -> meta.put("namespace", m.string());
        case 6 -> meta.put("resourceVersion", m.string());
        case 11 -> {
          String[] e = entry(m.sub());
          meta.withObject("labels").put(e[0], e[1]);
        }
        case 12 -> {
          String[] e = entry(m.sub());
          meta.withObject("annotations").put(e[0], e[1]);
        }
        default -> m.skip(k);
      }
    }
    return meta;
  }

  /** A map entry {key=1, value=2}; values kept as ISO-8859-1 so bytes survive. */
  private static String[] entry(Reader e) throws IOException {
    String[] kv = {"", ""};
    while (e.more()) {
      int k = e.varint32();
      if (k >>> 3 == 1) kv[0] = new String(e.bytes(), StandardCharsets.UTF_8);
      else if (k >>> 3 == 2) kv[1] = new String(e.bytes(), StandardCharsets.ISO_8859_1);
      else e.skip(k);
    }
    return kv;
  }

  /** Just enough of the protobuf wire format. */
  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) throw new IOException("truncated varint");
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if (x >= 0) return v;
      }
      throw new IOException("malformed varint");
    }

    int varint32() throws IOException {
      return (int) varint();
    }

    byte[] bytes() throws IOException {
      int n = varint32();
      if (n < 0 || pos + n > end) throw new IOException("truncated field");
      byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    String string() throws IOException {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader sub() throws IOException {
      int n = varint32();
      if (n < 0 || pos + n > end) throw new IOException("truncated message");
      Reader r = new Reader(b, pos, pos + n);
      pos += n;
      return r;
    }

    void skip(int key) throws IOException {
      switch (key & 7) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> {
          int n = varint32(); // pos += varint32() would add to the old pos
          pos += n;
        }
        case 5 -> pos += 4;
        default -> throw new IOException("unsupported wire type " + (key & 7));
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
