package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Table protocol itself: media types, includeObject, list metadata, watch events. */
class TableOutputIT extends KubeTestSupport {
  static final String TABLE_V1 = "application/json;as=Table;v=v1;g=meta.k8s.io";
  static final String KUBECTL_ACCEPT =
      TABLE_V1 + ",application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  static final ObjectMapper JSON = new ObjectMapper();

  static HttpResponse<String> get(String path, String accept) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(kube.url() + path)).header("Accept", accept).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode table(String path, String accept) throws Exception {
    HttpResponse<String> r = get(path, accept);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    return JSON.readTree(r.body());
  }

  private String podIn(String ns, String name) {
    client
        .resource(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: %s}
            spec:
              containers: [{name: app, image: "app:1"}]
            """
                .formatted(name))
        .inNamespace(ns)
        .create();
    return "/api/v1/namespaces/" + ns + "/pods";
  }

  private static List<String> names(JsonNode columns) {
    List<String> out = new ArrayList<>();
    columns.forEach(c -> out.add(c.path("name").asText() + ":" + c.path("priority").asInt()));
    return out;
  }

  @Test
  void aGetAnswersATableWithEveryColumnAndTheRowsMetadata() throws Exception {
    String ns = newNamespace();
    String pods = podIn(ns, "p1");
    JsonNode t = table(pods + "/p1", KUBECTL_ACCEPT);
    assertThat(t.path("kind").asText()).isEqualTo("Table");
    assertThat(t.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(t.path("metadata").path("resourceVersion").asText())
        .isEqualTo(
            client.pods().inNamespace(ns).withName("p1").get().getMetadata().getResourceVersion());
    assertThat(names(t.path("columnDefinitions")))
        .containsExactly(
            "Name:0",
            "Ready:0",
            "Status:0",
            "Restarts:0",
            "Age:0",
            "IP:1",
            "Node:1",
            "Nominated Node:1",
            "Readiness Gates:1");
    assertThat(t.path("columnDefinitions").get(0).path("format").asText()).isEqualTo("name");
    JsonNode row = t.path("rows").get(0);
    assertThat(row.path("cells")).hasSize(9);
    assertThat(row.path("cells").get(0).asText()).isEqualTo("p1");
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo(ns);
    assertThat(row.path("object").has("spec")).isFalse();
  }

  @Test
  void includeObjectChoosesWhatEachRowCarries() throws Exception {
    String ns = newNamespace();
    String pods = podIn(ns, "p1");
    JsonNode none = table(pods + "?includeObject=None", TABLE_V1);
    assertThat(none.path("rows").get(0).get("object").isNull()).isTrue();
    JsonNode whole = table(pods + "?includeObject=Object", TABLE_V1);
    assertThat(whole.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("Pod");
    assertThat(whole.path("rows").get(0).path("object").path("spec").has("containers")).isTrue();

    HttpResponse<String> bad = get(pods + "?includeObject=Everything", TABLE_V1);
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode status = JSON.readTree(bad.body());
    assertThat(status.path("reason").asText()).isEqualTo("BadRequest");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "Unable to convert to Table as requested: includeObject: Unsupported value:"
                + " \"Everything\": supported values: \"Metadata\", \"None\", \"Object\"");
  }

  @Test
  void theTableVersionFollowsTheAcceptHeader() throws Exception {
    String ns = newNamespace();
    String pods = podIn(ns, "p1");
    JsonNode beta = table(pods, "application/json;as=Table;v=v1beta1;g=meta.k8s.io");
    assertThat(beta.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
    assertThat(beta.path("rows").get(0).path("object").path("apiVersion").asText())
        .isEqualTo("meta.k8s.io/v1beta1");
    // a Table of a version that does not exist is skipped for the next acceptable type
    JsonNode plain = table(pods, "application/json;as=Table;v=v9;g=meta.k8s.io,application/json");
    assertThat(plain.path("kind").asText()).isEqualTo("PodList");
  }

  @Test
  void listsKeepTheirPagingMetadata() throws Exception {
    String ns = newNamespace();
    for (String n : List.of("a", "b", "c")) {
      client
          .configMaps()
          .inNamespace(ns)
          .resource(new ConfigMapBuilder().withNewMetadata().withName(n).endMetadata().build())
          .create();
    }
    JsonNode page = table("/api/v1/namespaces/" + ns + "/configmaps?limit=2", KUBECTL_ACCEPT);
    assertThat(page.path("rows")).hasSize(2);
    assertThat(page.path("metadata").path("continue").asText()).isNotEmpty();
    assertThat(page.path("metadata").path("remainingItemCount").asInt()).isEqualTo(1);
    assertThat(page.path("metadata").path("resourceVersion").asText()).isNotEmpty();
    JsonNode empty = table("/api/v1/namespaces/" + ns + "/secrets", KUBECTL_ACCEPT);
    assertThat(empty.path("rows").isArray()).isTrue();
    assertThat(empty.path("rows")).isEmpty();
  }

  @Test
  void kindsWithoutAPrinterGetNameAndCreatedAt() throws Exception {
    String ns = newNamespace();
    client
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(new RoleBuilder().withNewMetadata().withName("r").endMetadata().build())
        .create();
    JsonNode t = table("/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/roles", TABLE_V1);
    assertThat(names(t.path("columnDefinitions"))).containsExactly("Name:0", "Created At:0");
    assertThat(t.path("columnDefinitions").get(1).path("type").asText()).isEqualTo("date");
    assertThat(t.path("rows").get(0).path("cells").get(1).asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void aWatchStreamsOneRowTablesWithColumnsOnlyInTheFirst() throws Exception {
    String ns = newNamespace();
    String pods = podIn(ns, "p1");
    HttpResponse<InputStream> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(kube.url() + pods + "?watch=true"))
                    .header("Accept", KUBECTL_ACCEPT)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      JsonNode added = JSON.readTree(events.readLine());
      assertThat(added.path("type").asText()).isEqualTo("ADDED");
      assertThat(added.path("object").path("kind").asText()).isEqualTo("Table");
      assertThat(added.path("object").path("columnDefinitions")).hasSize(9);
      client
          .pods()
          .inNamespace(ns)
          .withName("p1")
          .edit(
              p -> {
                p.getMetadata().setLabels(java.util.Map.of("changed", "yes"));
                return p;
              });
      // the simulated kubelet may report status first: every later event is a headerless Table
      JsonNode modified;
      do {
        modified = JSON.readTree(events.readLine());
        assertThat(modified.path("type").asText()).isEqualTo("MODIFIED");
        assertThat(modified.path("object").get("columnDefinitions").isNull()).isTrue();
      } while (!modified
          .path("object")
          .path("rows")
          .get(0)
          .path("object")
          .path("metadata")
          .path("labels")
          .path("changed")
          .asText()
          .equals("yes"));
    }
  }
}
