package io.flotilla.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.auth.Authorization;
import io.flotilla.kube.auth.BootstrapPolicy;
import io.flotilla.kube.auth.UserInfo;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.core.GarbageCollector;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.http.ApiRequest;
import io.flotilla.kube.http.HttpApi;
import io.flotilla.kube.http.ServingCertificate;
import io.flotilla.kube.http.Watches;
import io.flotilla.kube.kubelet.Kubelet;
import io.flotilla.kube.store.Persistence;
import io.flotilla.kube.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory Kubernetes API server speaking the real REST protocol over plain HTTP on loopback,
 * good enough for fabric8, the Java Operator SDK and kubectl.
 *
 * <pre>{@code
 * try (EmbeddedKubeApi kube = EmbeddedKubeApi.start(KubeApiOptions.defaults())) {
 *   kube.writeKubeconfig(dir.resolve("kubeconfig"));
 *   KubernetesClient client = new KubernetesClientBuilder()
 *       .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig")))).build();
 * }
 * }</pre>
 */
public final class EmbeddedKubeApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKubeApi.class);
  private static final List<String> INITIAL_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final HttpServer server;
  private final ServingCertificate certificate;
  private final ExecutorService executor;
  private final Store store;
  private final Watches watches;
  private final GarbageCollector gc;
  private final Kubelet kubelet;
  private final Persistence persistence;
  private final ScheduledExecutorService saver;
  private final Authorization authorization;
  private final String adminToken;
  private final HttpApi api;

  private EmbeddedKubeApi(KubeApiOptions options) throws IOException {
    store = new Store();
    Registry registry = new Registry();
    GarbageCollector[] gcRef = new GarbageCollector[1];
    ApiCore core =
        new ApiCore(
            store,
            registry,
            () -> {
              if (gcRef[0] != null) {
                gcRef[0].trigger();
              }
            });
    persistence = options.dataDir() == null ? null : new Persistence(options.dataDir());
    boolean loaded = persistence != null && persistence.open(store);
    if (loaded) {
      core.registerStoredCrds();
      LOG.info(
          "loaded Kubernetes state from {} at resourceVersion {}",
          persistence.file(),
          store.resourceVersion());
    }
    ResourceType nsType = registry.find("", "v1", "namespaces");
    for (String ns : INITIAL_NAMESPACES) {
      if (store.get(nsType.storageKey(), "", ns) == null) {
        ObjectNode body = Json.object();
        Json.meta(body).put("name", ns);
        core.create(nsType, null, body, WriteOpts.internal("kube-apiserver"));
      }
    }
    BootstrapPolicy.install(core);
    List<KubeApiOptions.User> users = new ArrayList<>(options.users());
    if (!users.isEmpty() && users.stream().noneMatch(u -> u.groups().contains(UserInfo.MASTERS))) {
      // writeKubeconfig needs an administrator; kubeadm calls its own "kubernetes-admin".
      users.add(
          new KubeApiOptions.User(
              "admin-" + UUID.randomUUID(), "kubernetes-admin", List.of(UserInfo.MASTERS)));
    }
    // the configured bearer tokens, each an authenticated user of its groups
    Map<String, UserInfo> tokens = new LinkedHashMap<>();
    for (KubeApiOptions.User u : users) {
      tokens.put(u.token(), UserInfo.ofToken(u.name(), u.groups()));
    }
    authorization = new Authorization(tokens, store, registry, Clock.systemUTC());
    core.writeCheck = authorization;
    adminToken = authorization.enabled() ? authorization.adminToken() : "flotilla-local";
    gc = new GarbageCollector(core);
    gcRef[0] = gc;
    gc.trigger();
    // the tokens controller runs either way; the workload controllers only when simulated
    kubelet =
        new Kubelet(
            core,
            options.kubeletDelay(),
            authorization.serviceAccountTokens,
            this::caPem,
            options.simulateKubelet());
    watches = new Watches(store, registry);
    api = new HttpApi(core, watches);
    api.authorization(authorization);
    executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kube-http-", 0).factory());
    InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
    if (options.tls()) {
      certificate = ServingCertificate.load(options.dataDir());
      HttpsServer https = HttpsServer.create(address, 128);
      https.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
      server = https;
    } else {
      certificate = null;
      server = HttpServer.create(address, 128);
    }
    server.setExecutor(executor);
    server.createContext("/", api);
    server.start();
    api.serverAddress(options.host() + ":" + port());
    if (persistence != null) {
      saver =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofVirtual().name("kube-snapshot").factory());
      saver.scheduleWithFixedDelay(this::saveIfDue, 1, 1, TimeUnit.SECONDS);
    } else {
      saver = null;
    }
    LOG.info("embedded Kubernetes API listening on {}", url());
  }

  /** Binds and starts serving; loads {@code <dataDir>/kube/state.json} when present. */
  public static EmbeddedKubeApi start(KubeApiOptions options) {
    try {
      return new EmbeddedKubeApi(options);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the embedded Kubernetes API on " + options.host() + ":" + options.port(),
          e);
    }
  }

  public String url() {
    String host = server.getAddress().getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (certificate == null ? "http://" : "https://") + host + ":" + port();
  }

  /** The serving CA (PEM), for token Secrets' ca.crt; null over plain HTTP. */
  private String caPem() {
    return certificate == null ? null : certificate.caPem;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Writes a kubeconfig with context {@code flotilla} pointing at this server. */
  public void writeKubeconfig(Path file) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: flotilla
          cluster:
            server: %s%s
        users:
        - name: flotilla
          user:
            token: %s
        contexts:
        - name: flotilla
          context:
            cluster: flotilla
            user: flotilla
            namespace: default
        current-context: flotilla
        preferences: {}
        """
            .formatted(
                url(),
                certificate == null
                    ? ""
                    : "\n    certificate-authority-data: "
                        + ServingCertificate.base64(certificate.caPem),
                adminToken);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // it holds the admin token: readable by the owner only from its first byte, and replaced
      // whole so that a reader never sees half of it
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, Persistence.ownerOnly(tmp, "rw-------"));
      Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  /**
   * Calls {@code listener} on the serving thread at the start of every request (null removes it);
   * it must be quick and must not throw. For benchmarks and diagnostics.
   */
  public void onRequest(java.util.function.Consumer<ApiRequest> listener) {
    api.requestListener(listener);
  }

  /** A bearer token of a {@code system:masters} member, the one {@link #writeKubeconfig} writes. */
  public String adminToken() {
    return adminToken;
  }

  /**
   * Issues a token for an existing ServiceAccount, as the TokenRequest API would (valid one hour);
   * requests bearing it authenticate as {@code system:serviceaccount:<namespace>:<name>}.
   *
   * @throws IllegalArgumentException when the service account does not exist
   */
  public String serviceAccountToken(String namespace, String name) {
    return authorization.serviceAccountTokens.issue(namespace, name, Duration.ofHours(1));
  }

  private void saveIfDue() {
    try {
      persistence.saveIfDue(store);
    } catch (RuntimeException e) {
      LOG.warn("periodic snapshot failed", e);
    }
  }

  /**
   * Stops serving, ends open watches, and when a data dir is set writes the snapshot (the
   * write-ahead log it folds in is removed).
   */
  @Override
  public void close() {
    watches.closeAll();
    server.stop(0);
    executor.shutdownNow();
    if (kubelet != null) {
      kubelet.close();
    }
    gc.close();
    if (saver != null) {
      saver.shutdown(); // no interrupt: a snapshot being written finishes
      try {
        saver.awaitTermination(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      persistence.close(store);
    }
  }
}
