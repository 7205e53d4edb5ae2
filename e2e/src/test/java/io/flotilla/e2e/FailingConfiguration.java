package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.app.up.Flotilla;
import io.flotilla.testkit.git.GitRepoFixture;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * {@code flotilla up} with a configuration that fails because its Kustomization's path is not in
 * the repository yet, and a source that fetches only once an hour: a fixing commit reaches the
 * cluster within the test only if a reconcile request does.
 */
final class FailingConfiguration implements AutoCloseable {
  static final String NAME = "payments";
  static final String NAMESPACE = "payments";
  static final Duration CONVERGE = Duration.ofSeconds(120);
  final Flotilla flotilla;
  final GitRepoFixture repo;
  final GitHttpServer git;
  final ArmRequests arm;
  final String path;
  final HttpClient http = HttpClient.newHttpClient();

  FailingConfiguration(Path dir) throws IOException {
    flotilla = Flotilla.start(InProcessUp.options(dir).withCluster("rg", "shop-berlin"));
    repo = GitRepoFixture.create(dir, "payments");
    repo.push("main");
    git = GitHttpServer.start("127.0.0.1", 0);
    String url =
        git.serve("payments", new FileRepositoryBuilder().setGitDir(repo.bare().toFile()).build());
    arm = new ArmRequests(flotilla.serviceUrl(), flotilla.adminToken());
    path = flotilla.clusterRef().fluxConfigurationId(NAME);
    HttpResponse<String> put =
        send(
            arm.put(
                path,
                """
                {"properties":{"scope":"cluster","namespace":"%s","sourceKind":"GitRepository",
                  "gitRepository":{"url":"%s","repositoryRef":{"branch":"main"},
                                   "syncIntervalInSeconds":3600},
                  "kustomizations":{"apps":{"path":"./apps/berlin","prune":true}}}}
                """
                    .formatted(NAMESPACE, url)));
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
  }

  /** Commits the missing folder; the commit's hash. */
  String fix() {
    String sha =
        repo.commit(
            "apps/berlin/settings.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: payments-settings\n"
                + "  namespace: "
                + NAMESPACE
                + "\ndata:\n  region: berlin\n",
            "apps/berlin: the payments settings");
    repo.push("main");
    return sha;
  }

  /** The configuration as the REST API shows it (its {@code properties}). */
  JsonNode show() throws Exception {
    HttpResponse<String> r = send(arm.get(path));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body()).path("properties");
  }

  /** The dashboard's view of the configuration, as the admin sees it. */
  String view() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(
                    java.net.URI.create(
                        flotilla.serviceUrl()
                            + "/dashboard/resource?id="
                            + java.net.URLEncoder.encode(
                                path, java.nio.charset.StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + flotilla.adminToken())
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    git.close();
    flotilla.close();
  }
}
