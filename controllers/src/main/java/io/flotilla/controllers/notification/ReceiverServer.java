package io.flotilla.controllers.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.notification.Receiver;
import io.flotilla.api.flux.notification.ReceiverSpec;
import io.flotilla.controllers.runtime.Conditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notification-controller's webhook receiver ({@code --receiverAddr}, Flux's {@code :9292}): {@code
 * POST /hook/<digest>} finds the Receiver whose {@code status.webhookPath} it is (404 otherwise),
 * reads at most 3 MiB (413), refuses a suspended or not ready Receiver (503) and a call that fails
 * its type's check (400; for {@code gcr} and {@code generic-oidc}, the caller's ID token), then
 * requests a reconcile of the Receiver's resources (200).
 */
final class ReceiverServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiverServer.class);
  static final int MAX_BODY = 3 * 1024 * 1024;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final KubernetesClient client;
  private final Store<Receiver> receivers;
  private final ReconcileRequests requests;
  private final OidcReceivers identities;

  private ReceiverServer(
      HttpServer server,
      KubernetesClient client,
      Store<Receiver> receivers,
      ReconcileRequests requests,
      OidcReceivers identities) {
    this.server = server;
    this.client = client;
    this.receivers = receivers;
    this.requests = requests;
    this.identities = identities;
  }

  static ReceiverServer start(
      String host,
      int port,
      KubernetesClient client,
      Store<Receiver> receivers,
      ReconcileRequests requests,
      OidcReceivers identities) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the notification receiver on " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
    ReceiverServer s = new ReceiverServer(http, client, receivers, requests, identities);
    http.createContext("/", s::handle);
    http.setExecutor(s.threads);
    http.start();
    return s;
  }

  String baseUrl() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
    return "http://" + host + ":" + a.getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      List<Receiver> matched =
          receivers.list().stream()
              .filter(r -> r.getStatus() != null && path.equals(r.getStatus().webhookPath()))
              .toList();
      if (!path.startsWith(Receiver.WEBHOOK_PREFIX) || matched.isEmpty()) {
        answer(ex, 404, "receiver not found");
        return;
      }
      byte[] body = read(ex.getRequestBody());
      if (body == null) {
        LOG.error("request body exceeds the maximum size of {} bytes", MAX_BODY);
        answer(ex, 413, "request body exceeds the maximum size of " + MAX_BODY + " bytes");
        return;
      }
      int status = 200;
      for (Receiver r : matched) {
        status = Math.max(status, handle(r, ex, body));
      }
      answer(ex, status, "");
    } catch (RuntimeException e) {
      LOG.error("cannot handle webhook call: {}", e.toString());
      answer(ex, 500, "");
    }
  }

  private int handle(Receiver r, HttpExchange ex, byte[] body) {
    String id = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    if (r.getSpec().suspended()) {
      LOG.error("Receiver {}: unable to process request: receiver is suspended", id);
      return 503;
    }
    if (!Conditions.find(r.getStatus().conditions(), ConditionTypes.READY)
        .map(c -> c.isTrue())
        .orElse(false)) {
      LOG.error("Receiver {}: unable to process request: receiver is not ready", id);
      return 503;
    }
    Secret secret =
        r.getSpec().secretRef() == null
            ? null
            : client
                .secrets()
                .inNamespace(r.getMetadata().getNamespace())
                .withName(r.getSpec().secretRef().name())
                .get();
    ReceiverSpec.Type type = r.getSpec().type();
    String token = type == ReceiverSpec.Type.GENERIC_OIDC ? "" : ReceiverReconciler.tokenOf(secret);
    if (token == null) {
      LOG.error("Receiver {}: unable to read token", id);
      return 400;
    }
    boolean trigger;
    try {
      String authorization = ex.getRequestHeaders().getFirst("Authorization");
      if (type == ReceiverSpec.Type.GCR) {
        identities.gcr(
            authorization,
            ReceiverReconciler.valueOf(secret, "email"),
            ReceiverReconciler.valueOf(secret, "audience"),
            body);
      } else if (type == ReceiverSpec.Type.GENERIC_OIDC) {
        identities.genericOidc(r.getSpec().oidcProviders(), authorization);
      }
      trigger =
          WebhookCheck.verify(
              r.getSpec().type(),
              r.getSpec().events(),
              token,
              name -> ex.getRequestHeaders().getFirst(name),
              body);
    } catch (WebhookCheck.Refused e) {
      LOG.error("Receiver {}: unable to validate payload: {}", id, e.getMessage());
      return 400;
    }
    if (!trigger) {
      LOG.info("Receiver {}: ping received", id);
      return 200;
    }
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    List<String> errors = requests.request(r, body, ct != null && ct.contains("application/json"));
    errors.forEach(e -> LOG.error("Receiver {}: {}", id, e));
    if (errors.isEmpty()) {
      LOG.info("Receiver {}: reconcile requested of its resources", id);
    }
    return errors.isEmpty() ? 200 : 400;
  }

  /** Null when the body is larger than {@link #MAX_BODY}. */
  private static byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      in.skip(Long.MAX_VALUE);
      return null;
    }
    return body;
  }

  private static void answer(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
