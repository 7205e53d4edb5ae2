package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One embedded API server per test class, and a fabric8 client (JDK HTTP client) talking to it. */
abstract class KubeTestSupport {
  static EmbeddedKubeApi kube;
  static KubernetesClient client;

  @BeforeAll
  static void startServer() {
    kube = EmbeddedKubeApi.start(KubeApiOptions.defaults());
    client = clientFor(kube);
  }

  @AfterAll
  static void stopServer() {
    client.close();
    kube.close();
  }

  static KubernetesClient clientFor(EmbeddedKubeApi api) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(api.url())
            .withOauthToken("test")
            .withNamespace("default")
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * A server with RBAC's static tokens and no simulated kubelet: {@code admin-token} (admin, in
   * system:masters) and {@code alice-token} (alice, in devs).
   */
  static KubeApiOptions adminAndAlice() {
    return KubeApiOptions.defaults()
        .withSimulateKubelet(false)
        .withUser("admin-token", "admin", "system:masters")
        .withUser("alice-token", "alice", "devs");
  }

  /** A request the way any HTTP client would send it, for cases typed clients do not cover. */
  static java.net.http.HttpResponse<String> raw(
      String method, String path, String contentType, String body) {
    return RawHttp.send(kube, method, path, null, contentType, body);
  }

  /** A JSON POST to {@code path}, the way any HTTP client would send it. */
  static java.net.http.HttpResponse<String> post(String path, String json) {
    return raw("POST", path, "application/json", json);
  }

  /** A JSON POST of a ConfigMap into {@code ns}. */
  static java.net.http.HttpResponse<String> postConfigMap(String ns, String json) {
    return postConfigMap(ns, "", json);
  }

  /** A JSON POST of a ConfigMap into {@code ns}, with {@code query} (such as "?dryRun=All"). */
  static java.net.http.HttpResponse<String> postConfigMap(String ns, String query, String json) {
    return post("/api/v1/namespaces/" + ns + "/configmaps" + query, json);
  }

  /** The body of an answer, parsed. */
  static JsonNode json(java.net.http.HttpResponse<String> r) {
    return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
  }

  /** Asserts the answer's HTTP code; the message of its Status. */
  static String statusMessage(java.net.http.HttpResponse<String> r, int code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
    return json(r).path("message").asText();
  }

  /**
   * Asserts that {@code call} is refused with this HTTP code, Status reason and message; the
   * refusal, for what else a test reads from it.
   */
  static KubernetesClientException assertRefused(
      ThrowingCallable call, int code, String reason, String message) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call);
    assertThat(e).as("expected the API server to refuse the request").isNotNull();
    assertThat(e.getCode()).isEqualTo(code);
    assertThat(e.getStatus().getReason()).isEqualTo(reason);
    assertThat(e.getStatus().getMessage()).isEqualTo(message);
    return e;
  }

  /** A ConfigMap with these labels (none when null) and data. */
  static ConfigMap configMap(
      String ns, String name, Map<String, String> labels, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(labels)
        .endMetadata()
        .withData(data)
        .build();
  }

  /** A Service of {@code type} (the default when null) on port 80 for the pods of {@code app}. */
  static Service service(String name, String type, String app) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .addToSelector("app", app)
        .addNewPort()
        .withPort(80)
        .endPort()
        .endSpec()
        .build();
  }

  /** A fresh namespace so tests in one class do not see each other's objects. */
  static String newNamespace() {
    String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build())
        .create();
    return name;
  }
}
