package io.flotilla.kube.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.ApiExceptions;
import io.flotilla.kube.base.Json;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON → protobuf → JSON gives the object back, per kind and per special type. */
class ProtoJsonTest {

  static Stream<Arguments> objects() {
    return Stream.of(
        Arguments.of(
            "Secret: bytes in a map, metadata, Time",
            """
            {"apiVersion":"v1","kind":"Secret",
             "metadata":{"name":"s","namespace":"x","uid":"u-1","resourceVersion":"7",
               "creationTimestamp":"2025-03-04T05:06:07Z","labels":{"b":"2","a":"1"},
               "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1",
                 "time":"2025-03-04T05:06:07Z","fieldsType":"FieldsV1",
                 "fieldsV1":{"f:data":{".":{},"f:a":{}},"f:type":{}}}]},
             "data":{"a":"Yg==","bin":"AAEC/w=="},"type":"Opaque","immutable":false}
            """),
        Arguments.of(
            "Namespace with status",
            """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x","generation":0},
             "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
            """),
        Arguments.of(
            "Service: IntOrString as number and as name",
            """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"d"},
             "spec":{"type":"ClusterIP","selector":{"app":"web"},
               "ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},
                        {"name":"metrics","port":9090,"targetPort":"metrics"}]}}
            """),
        Arguments.of(
            "Deployment: Quantity, IntOrString percent, zero replicas, deletionTimestamp",
            """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"d","generation":3,
               "deletionTimestamp":"2025-01-01T00:00:00Z","deletionGracePeriodSeconds":30,
               "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"o","uid":"1",
                 "controller":true,"blockOwnerDeletion":true}]},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
                 {"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}],
                  "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"1"}},
                  "env":[{"name":"A","value":"b"}]}]}}},
             "status":{"replicas":2,"conditions":[{"type":"Available","status":"True",
               "lastUpdateTime":"2025-01-01T00:00:00Z","lastTransitionTime":"2025-01-01T00:00:01Z",
               "reason":"MinimumReplicasAvailable","message":"ok"}]}}
            """),
        Arguments.of(
            "ControllerRevision: RawExtension holding JSON",
            """
            {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r","namespace":"d"},
             "data":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"b"}]}}}},
             "revision":2}
            """),
        Arguments.of(
            "Lease: MicroTime",
            """
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l","namespace":"d"},
             "spec":{"holderIdentity":"me","leaseDurationSeconds":15,
               "acquireTime":"2025-03-04T05:06:07.123456Z","renewTime":"2025-03-04T05:06:08.000000Z"}}
            """),
        Arguments.of(
            "Job and RBAC",
            """
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","namespace":"d"},
             "spec":{"backoffLimit":0,"suspend":false,"template":{"spec":{"restartPolicy":"Never",
               "containers":[{"name":"c","image":"busybox:fail","command":["sh","-c","exit 1"]}]}}},
             "status":{"failed":1,"startTime":"2025-01-01T00:00:00Z","conditions":[
               {"type":"Failed","status":"True","reason":"BackoffLimitExceeded",
                "lastProbeTime":"2025-01-01T00:00:00Z","lastTransitionTime":"2025-01-01T00:00:00Z"}]}}
            """),
        Arguments.of(
            "ClusterRoleBinding",
            """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"b"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"},
             "subjects":[{"kind":"ServiceAccount","name":"sa","namespace":"d"}]}
            """),
        Arguments.of(
            "CRD: $ref, x-kubernetes-*, schema unions, JSON default",
            """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced",
               "names":{"plural":"widgets","kind":"Widget","listKind":"WidgetList","singular":"widget"},
               "versions":[{"name":"v1","served":true,"storage":true,
                 "subresources":{"status":{}},
                 "schema":{"openAPIV3Schema":{"type":"object","properties":{
                   "spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true,
                     "properties":{
                       "size":{"type":"integer","default":3,"minimum":1.5},
                       "mode":{"type":"string","enum":["a","b"]},
                       "tags":{"type":"array","items":{"type":"string"},
                         "x-kubernetes-list-type":"set"},
                       "ports":{"type":"array","items":{"type":"object","properties":{"n":{"type":"integer"}}},
                         "x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["n"]},
                       "labels":{"type":"object","additionalProperties":{"type":"string"}},
                       "free":{"type":"object","additionalProperties":false},
                       "port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]},
                       "ref":{"$ref":"#/definitions/x"}}}}}}}]}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void roundTripsThroughTheWireFormat(String name, String json) {
    ObjectNode in = (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));

    byte[] wire = ProtoWire.encode(in);
    ObjectNode back =
        ProtoWire.decode(wire, in.get("apiVersion").asText(), in.get("kind").asText());

    assertThat(back).isEqualTo(in);
  }

  @Test
  void theEnvelopeIsMagicThenUnknownWithTypeMetaAndTheGeneratedMessage() throws Exception {
    ObjectNode secret =
        object(
            """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"x"},
             "data":{"a":"Yg=="},"type":"Opaque"}
            """);

    byte[] wire = ProtoWire.encode(secret);

    assertThat(Arrays.copyOf(wire, 4)).containsExactly('k', '8', 's', 0);
    Runtime.Unknown u = Runtime.Unknown.parseFrom(Arrays.copyOfRange(wire, 4, wire.length));
    assertThat(u.getTypeMeta().getApiVersion()).isEqualTo("v1");
    assertThat(u.getTypeMeta().getKind()).isEqualTo("Secret");
    V1.Secret s = V1.Secret.parseFrom(u.getRaw());
    assertThat(s.getMetadata().getName()).isEqualTo("s");
    assertThat(s.getDataMap()).containsEntry("a", ByteString.copyFromUtf8("b"));
    assertThat(s.getType()).isEqualTo("Opaque");
  }

  @Test
  void goZeroValuesFromAClientBecomeAbsentFields() {
    // client-go writes every non-pointer field: empty strings and the zero Time
    V1.Namespace ns =
        V1.Namespace.newBuilder()
            .setMetadata(
                Meta.ObjectMeta.newBuilder()
                    .setName("x")
                    .setGenerateName("")
                    .setNamespace("")
                    .setUid("")
                    .setResourceVersion("")
                    .setCreationTimestamp(Meta.Time.newBuilder().build()))
            .setSpec(V1.NamespaceSpec.newBuilder())
            .build();
    byte[] body = envelope("v1", "Namespace", ns.toByteString());

    ObjectNode json = ProtoWire.decode(body, "v1", "Namespace");

    assertThat(json.toString())
        .isEqualTo(
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"},\"spec\":{}}");
  }

  @Test
  void aBodyWithoutTheMagicIsABadRequestNamingTheProblem() {
    ApiExceptions.assertApiError(
        () -> ProtoWire.decode("{\"a\":1}".getBytes(), "v1", "Secret"),
        400,
        "the object provided is unrecognized (Secret: 7b2261223a317d): provided data"
            + " does not appear to be a protobuf message, expected prefix [107 56 115"
            + " 0]");
  }

  @Test
  void aTruncatedBodyIsABadRequest() {
    byte[] wire =
        ProtoWire.encode(
            Json.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"v\"}}"
                    .getBytes()));
    byte[] truncated = Arrays.copyOf(wire, wire.length - 3);

    assertThatThrownBy(() -> ProtoWire.decode(truncated, "v1", "ConfigMap"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code).isEqualTo(400))
        .hasMessageContaining("the object provided is unrecognized (ConfigMap: 6b387300");
  }

  @Test
  void aValueOfTheWrongTypeNamesItsPath() {
    JsonNode bad =
        Json.parse(
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"replicas\":\"two\"}}"
                .getBytes());

    assertThatThrownBy(() -> ProtoWire.encode(bad))
        .isInstanceOf(ProtoJson.Malformed.class)
        .hasMessage("spec.replicas: expected an integer, got STRING");
  }

  @Test
  void customResourcesHaveNoProtobufForm() {
    assertThat(
            ProtoWire.encode(
                Json.parse("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\"}".getBytes())))
        .isNull();
  }

  @Test
  void acceptPrefersProtobufOnlyWhenItComesFirstWithoutAnAlternateRepresentation() {
    assertThat(ProtoWire.prefersProtobuf("application/vnd.kubernetes.protobuf, */*")).isTrue();
    assertThat(ProtoWire.prefersProtobuf("application/vnd.kubernetes.protobuf,application/json"))
        .isTrue();
    assertThat(ProtoWire.prefersProtobuf("application/json, application/vnd.kubernetes.protobuf"))
        .isFalse();
    assertThat(
            ProtoWire.prefersProtobuf(
                "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
                    + "application/json"))
        .isFalse();
    assertThat(ProtoWire.prefersProtobuf(null)).isFalse();
  }

  /** base64 wrapped in lines (as the base64 tool writes it) is a valid []byte to Go. */
  @Test
  void secretDataReadsAsGoReadsIt() throws Exception {
    ObjectNode secret =
        object(
            """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"x"},
             "data":{"a":"Yg==\\n","long":"YWJj\\r\\nZGVm"},"type":"Opaque"}
            """);

    byte[] wire = ProtoWire.encode(secret);

    Runtime.Unknown u = Runtime.Unknown.parseFrom(Arrays.copyOfRange(wire, 4, wire.length));
    assertThat(V1.Secret.parseFrom(u.getRaw()).getDataMap())
        .containsEntry("a", ByteString.copyFromUtf8("b"))
        .containsEntry("long", ByteString.copyFromUtf8("abcdef"));
    secret.with("data").put("a", "Yg");
    assertThatThrownBy(() -> ProtoWire.encode(secret))
        .hasMessageEndingWith("illegal base64 data at input byte 0");
  }

  @Test
  void goDurationsReadAndWriteAsGoDoes() {
    assertThat(GoDurations.format(0)).isEqualTo("0s");
    assertThat(GoDurations.format(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(GoDurations.format(100_000_000L)).isEqualTo("100ms");
    assertThat(GoDurations.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(62_000_000_000L)).isEqualTo("1m2s");
    assertThat(GoDurations.parse("1h2m3.5s", "d")).isEqualTo(3_723_500_000_000L);
    assertThat(GoDurations.parse("250ms", "d")).isEqualTo(250_000_000L);
    assertThatThrownBy(() -> GoDurations.parse("soon", "spec.d"))
        .hasMessage("spec.d: time: invalid duration \"soon\"");
  }

  private static ObjectNode object(String json) {
    return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] envelope(String apiVersion, String kind, ByteString raw) {
    byte[] u =
        Runtime.Unknown.newBuilder()
            .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
            .setRaw(raw)
            .build()
            .toByteArray();
    byte[] out = new byte[u.length + 4];
    out[0] = 'k';
    out[1] = '8';
    out[2] = 's';
    System.arraycopy(u, 0, out, 4, u.length);
    return out;
  }
}
