package io.flotilla.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.testkit.PrometheusText;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.git.GitRepoFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * An embedded API with the Flux namespace, a Git repository served over smart HTTP and the
 * GitRepository + Kustomization that sync its {@code deploy/} folder: what the operations tests
 * reconcile, and how they read the results (objects, events, {@code /metrics}).
 */
final class GitopsFixture implements AutoCloseable {
  static final String NS = "flux-system";
  final TestKube kube;
  final GitRepoFixture repo;
  final GitHttpServer git;
  final String url;

  GitopsFixture(Path dir) throws IOException {
    kube = TestKube.start();
    kube.client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    repo = GitRepoFixture.create(dir, "repo");
    repo.commit(
        "extra/more.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: more\n  namespace: default\n",
        "extra");
    commit("1");
    git = GitHttpServer.start("127.0.0.1", 0);
    url = git.serve("repo", new FileRepositoryBuilder().setGitDir(repo.bare().toFile()).build());
  }

  KubernetesClient client() {
    return kube.client();
  }

  /** Commits {@code deploy/app.yaml} with {@code data.v} = {@code v}, pushed; the new revision. */
  String commit(String v) {
    String sha =
        repo.commit(
            "deploy/app.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\n"
                + "data:\n  v: \""
                + v
                + "\"\n",
            "v" + v);
    repo.push("main");
    return sha;
  }

  void apply(String yaml) {
    client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
  }

  /** The GitRepository {@code repo} and a Kustomization {@code name} of {@code path}. */
  void createSourceAndKustomization(String name, String path) {
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: repo, namespace: flux-system}
        spec: {interval: 1h, url: "%s", ref: {branch: main}}
        """
            .formatted(url));
    createKustomization(name, path);
  }

  void createKustomization(String name, String path) {
    apply(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: %s, namespace: flux-system}
        spec:
          interval: 1h
          path: %s
          prune: true
          sourceRef: {kind: GitRepository, name: repo}
        """
            .formatted(name, path));
  }

  /** The Kustomization {@code name} in the Flux namespace, or null. */
  Kustomization kustomization(String name) {
    return client().resources(Kustomization.class).inNamespace(NS).withName(name).get();
  }

  /** The status of its Ready condition ("" while it has none). */
  String ready(String name) {
    Kustomization ks = kustomization(name);
    if (ks == null || ks.getStatus() == null || ks.getStatus().conditions() == null) {
      return "";
    }
    return ks.getStatus().conditions().stream()
        .filter(c -> c.type().equals("Ready"))
        .map(c -> c.status())
        .findFirst()
        .orElse("");
  }

  /** The events on {@code kind/name} with {@code reason}, whose note contains {@code text}. */
  List<Event> events(String kind, String name, String reason, String text) {
    return client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null)
        .filter(
            e ->
                kind.equals(e.getInvolvedObject().getKind())
                    && name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .filter(e -> e.getMessage() != null && e.getMessage().contains(text))
        .toList();
  }

  /** GET {@code url}: status and body. */
  static HttpResponse<String> get(URI url) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Scrapes {@code base/metrics} and parses it strictly. */
  static PrometheusText scrape(URI base) {
    HttpResponse<String> r = get(base.resolve("/metrics"));
    if (r.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
    }
    if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
      throw new AssertionError("/metrics is not Prometheus text: " + r.headers());
    }
    return PrometheusText.parse(r.body());
  }

  @Override
  public void close() {
    git.close();
    kube.close();
  }
}
