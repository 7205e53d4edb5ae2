package io.flotilla.bench.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One way of sending a server-side apply: through fabric8 or as a bare HTTP request. */
sealed interface Applier extends AutoCloseable permits Applier.Fabric8, Applier.Raw {
  String FIELD_MANAGER = "bench";

  String label();

  /** Applies object {@code i} of the workload with the given revision; throws on a non-2xx. */
  void apply(Workload w, int i, String revision) throws Exception;

  @Override
  void close();

  static Applier of(String label, String serverUrl) {
    return label.equals("fabric8") ? new Fabric8(serverUrl) : new Raw(serverUrl);
  }

  /** fabric8 kubernetes-client on the JDK HTTP client, the way the controllers talk to the API. */
  final class Fabric8 implements Applier {
    private final KubernetesClient client;

    Fabric8(String serverUrl) {
      Config config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(serverUrl)
              .withOauthToken("bench")
              .withRequestRetryBackoffLimit(0)
              .withMaxConcurrentRequests(256)
              .withMaxConcurrentRequestsPerHost(256)
              .build();
      client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public String label() {
      return "fabric8";
    }

    @Override
    public void apply(Workload w, int i, String revision) {
      client
          .resource(w.model(i, revision))
          .inNamespace(Workload.NAMESPACE)
          .fieldManager(FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** java.net.http with a JSON body: next to no client cost, so the figure is the server's. */
  final class Raw implements Applier {
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    Raw(String serverUrl) {
      this.base = serverUrl;
    }

    @Override
    public String label() {
      return "raw";
    }

    @Override
    public void apply(Workload w, int i, String revision) throws IOException, InterruptedException {
      HttpRequest req =
          HttpRequest.newBuilder(
                  URI.create(
                      base
                          + w.path(Workload.name(i))
                          + "?fieldManager="
                          + FIELD_MANAGER
                          + "&force=true"))
              .header("Content-Type", "application/apply-patch+yaml")
              .method("PATCH", HttpRequest.BodyPublishers.ofString(w.json(i, revision)))
              .build();
      HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (res.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "apply " + w.kind + " " + i + " -> " + res.statusCode() + " " + new String(res.body()));
      }
    }

    /** A plain request, for setup (namespaces) and reads. */
    HttpResponse<String> send(String method, String path, String contentType, String body)
        throws IOException, InterruptedException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
      return http;
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
