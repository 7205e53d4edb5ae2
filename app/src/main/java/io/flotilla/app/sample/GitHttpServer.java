package io.flotilla.app.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Read-only Git smart HTTP (protocol v0, stateless RPC) for local repositories, so `flotilla up`
 * can offer its sample repository at an {@code http://} URL that az-style validation accepts.
 */
public final class GitHttpServer implements AutoCloseable {
  private static final int MAX_REQUEST = 16 * 1024 * 1024;
  private final HttpServer server;
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();

  private GitHttpServer(HttpServer server) {
    this.server = server;
  }

  public static GitHttpServer start(String host, int port) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
    GitHttpServer git = new GitHttpServer(http);
    http.createContext("/", git::handle);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    return git;
  }

  /** Serves {@code repository} at {@code /<name>.git}. */
  public String serve(String name, Repository repository) {
    repositories.put(name + ".git", repository);
    return baseUrl() + "/" + name + ".git";
  }

  /**
   * Serves {@code handler} under {@code prefix} (e.g. {@code /charts/}) beside the repositories.
   */
  public void route(String prefix, com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(prefix, handler);
  }

  public String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getQuery();
      int slash = path.indexOf('/', 1);
      Repository repo = slash < 0 ? null : repositories.get(path.substring(1, slash));
      String rest = slash < 0 ? "" : path.substring(slash);
      if (repo == null) {
        send(ex, 404, "text/plain", "repository not found\n".getBytes());
      } else if (ex.getRequestMethod().equals("GET")
          && rest.equals("/info/refs")
          && "service=git-upload-pack".equals(query)) {
        advertise(ex, repo);
      } else if (ex.getRequestMethod().equals("POST") && rest.equals("/git-upload-pack")) {
        uploadPack(ex, repo);
      } else {
        send(ex, 403, "text/plain", "only git-upload-pack over smart HTTP is served\n".getBytes());
      }
    }
  }

  private static void advertise(HttpExchange ex, Repository repo) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PacketLineOut pck = new PacketLineOut(buf);
    pck.writeString("# service=git-upload-pack\n");
    pck.end();
    UploadPack up = new UploadPack(repo);
    up.setBiDirectionalPipe(false);
    up.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pck));
    send(ex, 200, "application/x-git-upload-pack-advertisement", buf.toByteArray());
  }

  private static void uploadPack(HttpExchange ex, Repository repo) throws IOException {
    InputStream body = ex.getRequestBody();
    if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      body = new GZIPInputStream(body);
    }
    byte[] request = body.readNBytes(MAX_REQUEST + 1);
    if (request.length > MAX_REQUEST) {
      send(ex, 413, "text/plain", "request too large\n".getBytes());
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-result");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      UploadPack up = new UploadPack(repo);
      up.setBiDirectionalPipe(false);
      up.upload(new java.io.ByteArrayInputStream(request), out, null);
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    repositories.values().forEach(Repository::close);
  }
}
