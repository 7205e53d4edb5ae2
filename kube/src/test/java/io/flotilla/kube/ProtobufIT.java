package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.proto.ProtoWire;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The protobuf wire format over HTTP: writes, reads, lists, errors, watches, and CRs' 415. */
class ProtobufIT extends KubeTestSupport {
  static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  static final HttpClient http = HttpClient.newHttpClient();

  @Test
  void createGetListAndDeleteAConfigMapInProtobuf() throws Exception {
    String ns = newNamespace();
    byte[] body =
        ProtoWire.encode(
            json(
                """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"%s"},
                 "data":{"k":"v"},"binaryData":{"b":"AAE="}}
                """
                    .formatted(ns)));

    HttpResponse<byte[]> created =
        send("POST", "/api/v1/namespaces/" + ns + "/configmaps", PROTOBUF, body);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    ObjectNode c = ProtoWire.decode(created.body(), "v1", "ConfigMap");
    assertThat(c.path("data").path("k").asText()).isEqualTo("v");
    assertThat(c.path("binaryData").path("b").asText()).isEqualTo("AAE=");
    assertThat(c.path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(c.path("metadata").path("creationTimestamp").asText()).endsWith("Z");

    assertThat(client.configMaps().inNamespace(ns).withName("c").get().getBinaryData())
        .containsEntry("b", "AAE=");

    HttpResponse<byte[]> list = send("GET", "/api/v1/namespaces/" + ns + "/configmaps", null, null);
    ObjectNode l = ProtoWire.decode(list.body(), "v1", "ConfigMapList");
    assertThat(l.path("kind").asText()).isEqualTo("ConfigMapList");
    assertThat(l.path("items")).hasSize(1);
    assertThat(l.path("metadata").path("resourceVersion").asText()).isNotEmpty();

    HttpResponse<byte[]> deleted =
        send(
            "DELETE",
            "/api/v1/namespaces/" + ns + "/configmaps/c",
            PROTOBUF,
            ProtoWire.encode(
                json(
                    "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"propagationPolicy\":\"Foreground\"}")));
    assertThat(deleted.statusCode()).isEqualTo(200);
    ObjectNode terminating = ProtoWire.decode(deleted.body(), "v1", "ConfigMap");
    assertThat(terminating.path("metadata").path("finalizers").toString())
        .as("the protobuf DeleteOptions' propagationPolicy was read")
        .isEqualTo("[\"foregroundDeletion\"]");
  }

  @Test
  void errorsAreStatusMessagesInProtobuf() throws Exception {
    HttpResponse<byte[]> missing =
        send("GET", "/api/v1/namespaces/default/secrets/nope", null, null);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    JsonNode status = ProtoWire.decode(missing.body(), "v1", "Status");
    assertThat(status.path("reason").asText()).isEqualTo("NotFound");
    assertThat(status.path("message").asText()).isEqualTo("secrets \"nope\" not found");
    assertThat(status.path("code").asInt()).isEqualTo(404);
  }

  @Test
  void aGarbageBodyIsA400NotA500() throws Exception {
    HttpResponse<byte[]> r = postProtobuf("/api/v1/namespaces/default/configmaps", "k8s\0garbage");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(ProtoWire.decode(r.body(), "v1", "Status").path("message").asText())
        .startsWith("the object provided is unrecognized (ConfigMap: 6b38730067617262616765): ");
  }

  @Test
  void aCustomResourceInProtobufIsUnsupportedAsInKubeApiserver() throws Exception {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    CrdYaml.crd("proto.example.com", "Gizmo", "gizmos")
                        .noSingular()
                        .storedVersion("v1", CrdYaml.OPEN_SCHEMA)
                        .yaml(),
                    io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition
                        .class))
        .create();

    HttpResponse<byte[]> r =
        postProtobuf("/apis/proto.example.com/v1/namespaces/default/gizmos", "k8s\0");
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains(
            "the body of the request was in an unknown format - accepted media types include:"
                + " application/json, application/yaml");

    HttpResponse<byte[]> list =
        send("GET", "/apis/proto.example.com/v1/namespaces/default/gizmos", null, null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void aWatchStreamsLengthPrefixedWatchEvents() throws Exception {
    String ns = newNamespace();
    HttpRequest watch =
        HttpRequest.newBuilder(
                URI.create(kube.url() + "/api/v1/namespaces/" + ns + "/configmaps?watch=true"))
            .header("Accept", PROTOBUF + ", */*")
            .build();
    HttpResponse<InputStream> stream = http.send(watch, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.kubernetes.protobuf;stream=watch");

    client
        .configMaps()
        .inNamespace(ns)
        .resource(configMap(ns, "w", null, Map.of("k", "v")))
        .create();

    try (DataInputStream in = new DataInputStream(stream.body())) {
      byte[] frame = new byte[in.readInt()];
      in.readFully(frame);
      io.kubernetes.client.proto.Meta.WatchEvent event =
          io.kubernetes.client.proto.Meta.WatchEvent.parseFrom(frame);
      assertThat(event.getType()).isEqualTo("ADDED");
      byte[] object = event.getObject().getRaw().toByteArray();
      assertThat(Arrays.copyOf(object, 4)).containsExactly('k', '8', 's', 0);
      ObjectNode cm = ProtoWire.decode(object, "v1", "ConfigMap");
      assertThat(cm.path("metadata").path("name").asText()).isEqualTo("w");
      assertThat(cm.path("data").path("k").asText()).isEqualTo("v");
    }
  }

  private static ObjectNode json(String text) {
    return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<byte[]> postProtobuf(String path, String latin1Body)
      throws Exception {
    return send("POST", path, PROTOBUF, latin1Body.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static HttpResponse<byte[]> send(
      String method, String path, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b =
        RawHttp.request(kube, method, path, null, contentType, body)
            .header("Accept", PROTOBUF + ", */*");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
