package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.server.ConfigurationServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 3: configuration {@code apps} depends on {@code platform} (which makes the podinfo
 * namespace apps deploys into). On a real agent and controller stack, apps' Kustomizations do not
 * start while platform is Non-Compliant, and start once platform is Compliant.
 */
class ConfigurationDependenciesE2E {
  static final Duration CONVERGE = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  ClusterStack cluster;
  ConfigurationServer server;
  ClusterRef edge;

  @AfterEach
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aConfigurationStartsOnlyOnceItsDependencyIsCompliant() throws Exception {
    edge =
        new ClusterRef(
            UUID.randomUUID().toString(),
            "edge-rg",
            "Microsoft.Kubernetes",
            "connectedClusters",
            "edge");
    cluster = new ClusterStack(dir, edge, false);
    server = cluster.server;
    KubernetesClient client = cluster.client;
    String repo = cluster.repo;

    // platform points at a folder that does not exist: Non-Compliant
    assertThat(put("platform", config(repo, "./no-such-folder", null))).isEqualTo(201);
    assertThat(put("apps", config(repo, "./apps/staging", "[\"platform\"]"))).isEqualTo(201);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode apps = get("apps").path("properties");
              assertThat(apps.path("complianceState").asText()).isEqualTo("Pending");
              assertThat(apps.path("errorMessage").asText())
                  .startsWith("waiting for configuration 'platform' (dependsOn): it is");
              assertThat(get("platform").at("/properties/complianceState").asText())
                  .isEqualTo("Non-Compliant");
            });
    assertThat(client.resources(Kustomization.class).inNamespace("apps").list().getItems())
        .isEmpty();

    // platform fixed: it turns Compliant, then apps starts and turns Compliant too
    assertThat(
            patch(
                "platform",
                "{\"properties\":{\"kustomizations\":{\"k\":{\"path\":\"./infrastructure\"}}}}"))
        .isEqualTo(202);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(get("apps").at("/properties/complianceState").asText())
                    .isEqualTo("Compliant"));
    assertThat(client.resources(Kustomization.class).inNamespace("apps").list().getItems())
        .isNotEmpty();
    assertThat(client.apps().deployments().inNamespace("podinfo").withName("podinfo").get())
        .isNotNull();
  }

  static String config(String repo, String path, String dependsOn) {
    return """
        {"properties":{"scope":"cluster","namespace":"%s","sourceKind":"GitRepository",
          "gitRepository":{"url":"%s","repositoryRef":{"branch":"main"},"syncIntervalInSeconds":2},
          "kustomizations":{"k":{"path":"%s","syncIntervalInSeconds":2,"retryIntervalInSeconds":2}}%s}}
        """
        .formatted(
            path.contains("apps") ? "apps" : "platform",
            repo,
            path,
            dependsOn == null ? "" : ",\"dependsOn\":" + dependsOn);
  }

  int put(String name, String body) throws Exception {
    return send(arm().put(edge.fluxConfigurationId(name), body)).statusCode();
  }

  int patch(String name, String body) throws Exception {
    return send(arm().patch(edge.fluxConfigurationId(name), body)).statusCode();
  }

  JsonNode get(String name) throws Exception {
    return JSON.readTree(send(arm().get(edge.fluxConfigurationId(name))).body());
  }

  private ArmRequests arm() {
    return new ArmRequests(server.url(), server.adminToken());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
