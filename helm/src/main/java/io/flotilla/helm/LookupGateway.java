package io.flotilla.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a chart's {@code lookup} see the release's cluster, as under helm-controller. Helm's
 * template (helm-java, a client-only install) still reads the cluster that Helm's settings name,
 * and helm-java builds those settings from the environment the process started with (Go copies it
 * once; a later {@code setenv} is not seen): {@code HELM_KUBEAPISERVER}, {@code HELM_KUBETOKEN} and
 * {@code HELM_KUBECAFILE} (see {@code LookupProbeIT}). When the server is {@code
 * https://127.0.0.1:<port>}, the engine serves this gateway there with a certificate of its own,
 * written to {@code HELM_KUBECAFILE} (Kubernetes' client configuration sends the token over TLS
 * only): during a render it forwards GET requests (lookup only reads; other verbs are refused)
 * through the engine's own client, so lookups see that client's cluster, credentials and
 * impersonation; requests without the token are refused. Renders are serialised while a client is
 * current. Without those variables lookups see no cluster, as with {@code helm template}.
 */
final class LookupGateway {
  static final String API_SERVER = "HELM_KUBEAPISERVER";
  static final String TOKEN = "HELM_KUBETOKEN";
  static final String CA_FILE = "HELM_KUBECAFILE";
  private static final Logger LOG = LoggerFactory.getLogger(LookupGateway.class);
  private static final ReentrantLock RENDER = new ReentrantLock();
  private static volatile LookupGateway instance;
  private static volatile boolean tried;

  private final HttpServer server;
  private final String token;
  private volatile KubernetesClient current;

  /** A render that may call lookup. */
  interface Render<T> {
    T run() throws ReleaseException;
  }

  private LookupGateway(HttpServer server, String token) {
    this.server = server;
    this.token = token;
  }

  /** Serves the gateway where {@code HELM_KUBEAPISERVER} points, if that is a loopback address. */
  static synchronized void install() {
    if (tried) return;
    tried = true;
    String url = System.getenv(API_SERVER);
    String token = System.getenv(TOKEN);
    if (url == null || token == null || token.isEmpty()) return;
    try {
      URI u = URI.create(url);
      InetAddress host = InetAddress.getByName(u.getHost());
      if (!"https".equals(u.getScheme()) || !host.isLoopbackAddress() || u.getPort() <= 0) {
        return; // Helm talks to that server directly; nothing to serve
      }
      LoopbackCertificate cert = LoopbackCertificate.create();
      String caFile = System.getenv(CA_FILE);
      if (caFile != null && !caFile.isEmpty()) {
        Files.writeString(Path.of(caFile), cert.pem(), StandardCharsets.US_ASCII);
      }
      HttpsServer server = HttpsServer.create(new InetSocketAddress(host, u.getPort()), 16);
      server.setHttpsConfigurator(new HttpsConfigurator(cert.sslContext()));
      LookupGateway g = new LookupGateway(server, token);
      server.createContext("/", g::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      // the dispatcher thread inherits daemon status from the thread that starts the server:
      // started from a daemon thread, it never keeps the process from exiting
      Thread starter = Thread.ofPlatform().daemon().unstarted(server::start);
      starter.start();
      starter.join();
      instance = g;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
      LOG.warn(
          "charts that call lookup will not see the cluster: cannot serve {}: {}",
          url,
          e.toString());
    }
  }

  /** Runs {@code render} with lookups answered by {@code client}'s cluster. */
  static <T> T with(KubernetesClient client, Render<T> render) throws ReleaseException {
    LookupGateway g = instance;
    if (g == null) return render.run();
    RENDER.lock();
    try {
      g.current = client;
      return render.run();
    } finally {
      g.current = null;
      RENDER.unlock();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      KubernetesClient client = current;
      System.err.println(
          "GATEWAY "
              + ex.getRequestMethod()
              + " "
              + ex.getRequestURI()
              + " auth="
              + auth
              + " headers="
              + ex.getRequestHeaders().keySet());
      if (!("Bearer " + token).equals(auth)) {
        reply(ex, 401, status(401, "Unauthorized", "unauthorized"));
      } else if (!ex.getRequestMethod().equals("GET")) {
        reply(ex, 405, status(405, "MethodNotAllowed", "chart lookups may only read"));
      } else if (client == null) {
        reply(ex, 503, status(503, "ServiceUnavailable", "no release is being rendered"));
      } else {
        forward(ex, client);
      }
    }
  }

  private static void forward(HttpExchange ex, KubernetesClient client) throws IOException {
    String base = client.getMasterUrl().toString().replaceAll("/$", "");
    HttpRequest.Builder b =
        client.getHttpClient().newHttpRequestBuilder().uri(base + ex.getRequestURI());
    String accept = ex.getRequestHeaders().getFirst("Accept");
    // JSON only: the embedded API and fabric8 speak no protobuf
    b.header(
        "Accept",
        accept != null && accept.contains("json") ? "application/json" : "application/json");
    try {
      HttpResponse<byte[]> r =
          client.getHttpClient().sendAsync(b.build(), byte[].class).get(30, TimeUnit.SECONDS);
      ex.getResponseHeaders()
          .add(
              "Content-Type",
              r.header("Content-Type") == null ? "application/json" : r.header("Content-Type"));
      reply(ex, r.code(), r.body() == null ? new byte[0] : r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply(ex, 503, status(503, "ServiceUnavailable", "interrupted"));
    } catch (Exception e) {
      reply(ex, 502, status(502, "BadGateway", "cannot reach the cluster: " + e.getMessage()));
    }
  }

  private static byte[] status(int code, String reason, String message) {
    return ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":%d,\"reason\":\"%s\",\"message\":%s}"
            .formatted(
                code, reason, ReleaseCodec.JSON.getNodeFactory().textNode(message).toString()))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange ex, int code, byte[] body) throws IOException {
    if (!ex.getResponseHeaders().containsKey("Content-Type")) {
      ex.getResponseHeaders().add("Content-Type", "application/json");
    }
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
