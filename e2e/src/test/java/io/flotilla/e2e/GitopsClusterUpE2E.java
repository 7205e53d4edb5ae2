package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.FluxCrds;
import io.flotilla.api.gitops.GitopsCluster;
import io.flotilla.app.up.Flotilla;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.gitops.FluxReaderRole;
import io.flotilla.testkit.gitops.SeedJoin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 2 through {@code flotilla up}: its own API is the management cluster, so seed 000's
 * steps, pointed at it, join a second cluster whose Flux objects the service then shows.
 */
class GitopsClusterUpE2E {
  @TempDir Path dir;

  @Test
  void aClusterJoinedToUpsOwnApiTurnsReadyAndShowsItsFluxObjects() throws Exception {
    try (Flotilla up =
            Flotilla.start(InProcessUp.options(dir).withAgentPollWait(Duration.ofSeconds(2)));
        TestKube joined =
            TestKube.start(
                KubeApiOptions.defaults()
                    .withUser("joined-admin-token", "joined-admin", "system:masters")
                    .withTls(true));
        KubernetesClient joinedAdmin = SeedJoin.tlsAdmin(joined, dir)) {
      FluxCrds.install(joinedAdmin);
      // what the joined cluster's Flux has, and what the service's admin (flotilla-admin) may read
      SeedJoin.apply(
          joinedAdmin,
          """
          apiVersion: v1
          kind: Namespace
          metadata: {name: flux-system}
          ---
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: GitRepository
          metadata: {name: fleet, namespace: flux-system}
          spec: {url: "https://example.com/fleet.git", interval: 1m}
          ---
          """
              + FluxReaderRole.yaml("flux-reader", "get, list")
              + """
              ---
              apiVersion: rbac.authorization.k8s.io/v1
              kind: ClusterRoleBinding
              metadata: {name: flotilla-admin-reads-flux}
              subjects: [{kind: User, name: flotilla-admin, apiGroup: rbac.authorization.k8s.io}]
              roleRef: {kind: ClusterRole, name: flux-reader, apiGroup: rbac.authorization.k8s.io}
              """);
      String kubeconfig = SeedJoin.prepare(joinedAdmin, URI.create(joined.api().url()), "demo-01");
      SeedJoin.register(
          up.client(),
          "default",
          "demo-01",
          "demo-01-kubeconfig",
          Map.of("value", kubeconfig),
          false);

      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () -> {
                GitopsCluster gc =
                    up.client()
                        .resources(GitopsCluster.class)
                        .inNamespace("default")
                        .withName("demo-01")
                        .get();
                return gc.getStatus() != null
                    && gc.getStatus().conditions() != null
                    && gc.getStatus().conditions().stream()
                        .anyMatch(c -> c.type().equals("Ready") && c.isTrue());
              });

      String id =
          "/subscriptions/"
              + up.subscription()
              + "/resourceGroups/default/providers/Flotilla.GitOps/gitopsClusters/demo-01";
      HttpResponse<String> objects = get(up, id + "/fluxObjects?api-version=2024-06-01");
      assertThat(objects.statusCode()).as(objects.body()).isEqualTo(200);
      assertThat(objects.body())
          .contains("\"kind\":\"GitRepository\"")
          .contains("\"name\":\"fleet\"")
          .contains("\"impersonatedUser\":\"flotilla-admin\"");
      assertThat(get(up, "/dashboard/fleet").body())
          .contains("data-gitops-cluster=\"demo-01\"")
          .contains("Ready");
    }
  }

  private static HttpResponse<String> get(Flotilla up, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(up.serviceUrl() + path))
                .header("Authorization", "Bearer " + up.adminToken())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
