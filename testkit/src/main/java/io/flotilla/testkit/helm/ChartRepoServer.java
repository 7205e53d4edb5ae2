package io.flotilla.testkit.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.flotilla.testkit.git.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A Helm chart repository on loopback (JDK HTTP server): {@code <url>/index.yaml} and the archives
 * beside it, optionally behind basic auth and TLS. Every request is logged so that a test can
 * assert what a client fetched, and charts can be published or withdrawn while it runs.
 */
public final class ChartRepoServer implements AutoCloseable {
  /**
   * @param path the repository's path on the server, e.g. {@code /charts} (empty for the root)
   * @param username with {@code password}, basic auth is required; null for none
   * @param tls a CA whose server certificate the server presents; null for plain HTTP
   * @param relativeUrls whether index entries name archives relative to the index (as {@code helm
   *     repo index} does without {@code --url}) rather than by absolute URL
   */
  public record Options(
      String path, String username, String password, TestCa tls, boolean relativeUrls) {
    public static Options defaults() {
      return new Options("/charts", null, null, null, false);
    }

    public Options withPath(String p) {
      return new Options(p, username, password, tls, relativeUrls);
    }

    public Options withBasicAuth(String user, String pass) {
      return new Options(path, user, pass, tls, relativeUrls);
    }

    public Options withTls(TestCa ca) {
      return new Options(path, username, password, ca, relativeUrls);
    }

    public Options withRelativeUrls(boolean relative) {
      return new Options(path, username, password, tls, relative);
    }
  }

  /** One request as the server saw it. */
  public record Request(String method, String file, int status) {}

  private final HttpServer server;
  private final Options options;
  private final Map<String, ChartIndex.Entry> entries = new ConcurrentHashMap<>();
  private final List<Request> log = new CopyOnWriteArrayList<>();

  private ChartRepoServer(HttpServer server, Options options) {
    this.server = server;
    this.options = options;
  }

  /** Starts on 127.0.0.1 on a free port. */
  public static ChartRepoServer start(Options options) {
    try {
      HttpServer http;
      if (options.tls() == null) {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } else {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(options.tls().serverSslContext()));
        http = https;
      }
      ChartRepoServer repo = new ChartRepoServer(http, options);
      http.createContext("/", repo::handle);
      http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      http.start();
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plain HTTP repository at {@code /charts} serving every version of {@link TestCharts}. */
  public static ChartRepoServer withTestCharts(Path workDir) {
    ChartRepoServer repo = start(Options.defaults());
    TestCharts.packageAll(workDir).forEach(repo::publish);
    return repo;
  }

  /** Adds (or replaces) an archive; it is in the next index served. */
  public ChartRepoServer publish(Path archive) {
    try {
      String file = archive.getFileName().toString();
      ChartIndex.Entry e = ChartIndex.read(file, Files.readAllBytes(archive));
      entries.put(file, e);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Withdraws a version from the index and stops serving its archive. */
  public ChartRepoServer unpublish(String chart, String version) {
    entries.values().removeIf(e -> e.name().equals(chart) && e.version().equals(version));
    return this;
  }

  /** The repository URL, as a HelmRepository's {@code spec.url}. */
  public String url() {
    String scheme = options.tls() == null ? "http" : "https";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + options.path();
  }

  /** The index the server would answer now. */
  public byte[] index() {
    return ChartIndex.render(List.copyOf(entries.values()), options.relativeUrls() ? null : url());
  }

  /** The sha256 (hex) of a published archive, as its index entry's {@code digest}. */
  public String digest(String archiveName) {
    ChartIndex.Entry e = entries.get(archiveName);
    if (e == null) throw new IllegalArgumentException(archiveName + " is not published");
    return e.digest();
  }

  /** Every request so far, in order. */
  public List<Request> requests() {
    return new ArrayList<>(log);
  }

  /**
   * How many times {@code file} (e.g. {@code index.yaml}, {@code podinfo-6.0.0.tgz}) was served.
   */
  public long served(String file) {
    return log.stream().filter(r -> r.file().equals(file) && r.status() == 200).count();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String prefix = options.path() + "/";
      String file = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
      int status = respond(ex, file);
      log.add(new Request(ex.getRequestMethod(), file.isEmpty() ? path : file, status));
    }
  }

  private int respond(HttpExchange ex, String file) throws IOException {
    if (!authorized(ex)) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"charts\"");
      return send(ex, 401, "text/plain", "unauthorized\n".getBytes(StandardCharsets.UTF_8));
    }
    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
      return send(ex, 405, "text/plain", "read-only\n".getBytes(StandardCharsets.UTF_8));
    }
    if (file.equals("index.yaml")) {
      return send(ex, 200, "application/x-yaml", index());
    }
    ChartIndex.Entry e = entries.get(file);
    if (e == null) {
      return send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
    }
    return send(ex, 200, "application/gzip", e.archive());
  }

  private boolean authorized(HttpExchange ex) {
    if (options.username() == null) return true;
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (options.username() + ":" + options.password())
                        .getBytes(StandardCharsets.UTF_8));
    return expected.equals(ex.getRequestHeaders().getFirst("Authorization"));
  }

  private static int send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) ex.getResponseBody().write(body);
    return status;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
