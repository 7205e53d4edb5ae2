package io.flotilla.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** ARM requests to the configuration service with a bearer token, as any HTTP client sends them. */
record ArmRequests(String url, String token) {
  static final String API_VERSION = "2025-04-01";

  /** connectedClusters have api-versions of their own. */
  static final String CLUSTER_API_VERSION = "2024-01-01";

  /** The path of a connected cluster in resource group {@code rg}. */
  static String cluster(String subscription, String cluster) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/"
        + cluster;
  }

  /** The configurations of a connected cluster in resource group {@code rg}. */
  static String configurations(String subscription, String cluster) {
    return cluster(subscription, cluster)
        + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations";
  }

  static String configuration(String subscription, String cluster, String name) {
    return configurations(subscription, cluster) + "/" + name;
  }

  /** The body of a connected cluster's PUT. */
  static final String CLUSTER =
      "{\"location\":\"westeurope\",\"properties\":{\"distribution\":\"k3s\"}}";

  /** A configuration of one Kustomization from a Git branch; the URL need not exist. */
  static String gitConfiguration(String branch) {
    return """
        {"properties":{"sourceKind":"GitRepository",
          "gitRepository":{"url":"https://github.com/Azure/arc-k8s-demo",
                           "repositoryRef":{"branch":"%s"}},
          "kustomizations":{"infra":{"path":"./infrastructure"}}}}
        """
        .formatted(branch);
  }

  static String branchPatch(String branch) {
    return "{\"properties\":{\"gitRepository\":{\"repositoryRef\":{\"branch\":\""
        + branch
        + "\"}}}}";
  }

  /** The configuration's branch, or the HTTP status when it cannot be read. */
  String branch(HttpClient http, String configuration) throws Exception {
    HttpResponse<String> r = http.send(get(configuration), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200
        ? new ObjectMapper()
            .readTree(r.body())
            .at("/properties/gitRepository/repositoryRef/branch")
            .asText()
        : "HTTP " + r.statusCode();
  }

  HttpRequest get(String path) {
    return builder(path).GET().build();
  }

  HttpRequest put(String path, String json) {
    return builder(path).PUT(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  /** PUT a connected cluster ({@link #CLUSTER}). */
  HttpRequest putCluster(String path) {
    return builder(path, CLUSTER_API_VERSION)
        .PUT(HttpRequest.BodyPublishers.ofString(CLUSTER))
        .build();
  }

  HttpRequest patch(String path, String json) {
    return builder(path).method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private HttpRequest.Builder builder(String path) {
    return builder(path, API_VERSION);
  }

  private HttpRequest.Builder builder(String path, String apiVersion) {
    String sep = path.contains("?") ? "&" : "?";
    return HttpRequest.newBuilder(URI.create(url + path + sep + "api-version=" + apiVersion))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
  }
}
