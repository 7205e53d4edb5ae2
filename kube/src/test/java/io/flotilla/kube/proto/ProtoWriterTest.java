package io.flotilla.kube.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct writer gives byte for byte what building the message through the descriptor gives
 * (protobuf's own serializer), and refuses the same values with the same words.
 */
class ProtoWriterTest {
  static Stream<Arguments> objects() {
    Stream<Arguments> kinds = ProtoJsonTest.objects();
    String list =
        """
        {"apiVersion":"v1","kind":"ConfigMapList","metadata":{"resourceVersion":"9"},"items":[
         {"metadata":{"name":"a","namespace":"d","labels":{"z":"","a":"1"},
           "creationTimestamp":"2025-03-04T05:06:07Z"},"data":{"k":"v","e":""}},
         {"metadata":{"name":"b","namespace":"d"},"binaryData":{"b":"AAEC/w=="},"immutable":true}]}
        """;
    String event =
        """
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e","namespace":"d"},
         "eventTime":"2025-03-04T05:06:07.123456Z","series":{"count":2,
           "lastObservedTime":"2025-03-04T05:06:08.000001Z"},"reason":"Pulled",
         "regarding":{"kind":"Pod","name":"p"},"deprecatedCount":-1}
        """;
    String fields =
        """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"f","managedFields":[
         {"manager":"m","operation":"Apply","fieldsType":"FieldsV1","fieldsV1":
           {"f:data":{".":{},"f:a\\"b":{},"f:é😀":{},"f:tab\\t":{}},"f:n":{"k:{\\"port\\":80}":{}}}},
         {"manager":"other","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"x":[1,2.5,true,null]}}]}}
        """;
    return Stream.concat(
        kinds,
        Stream.of(
            Arguments.of("ConfigMapList", list),
            Arguments.of("Event", event),
            Arguments.of("fieldsV1 with escapes and values Jackson writes", fields)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void writesWhatTheMessageBuilderWrites(String name, String json) {
    ObjectNode in = (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    Descriptor d = ProtoTypes.forKind(in.get("apiVersion").asText(), in.get("kind").asText());

    assertThat(ProtoWriter.message(in, d)).isEqualTo(ProtoJson.toProto(in, d).toByteArray());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"spec\":{\"replicas\":\"two\"}}|spec.replicas: expected an integer, got STRING",
        "{\"spec\":{\"paused\":1}}|spec.paused: expected a boolean, got NUMBER",
        "{\"spec\":\"x\"}|spec: expected an object, got STRING",
        "{\"metadata\":{\"labels\":[]}}|metadata.labels: expected a map, got ARRAY",
        "{\"metadata\":{\"finalizers\":\"f\"}}|metadata.finalizers: expected a list, got STRING",
        "{\"metadata\":{\"creationTimestamp\":\"soon\"}}|"
            + "metadata.creationTimestamp: expected an RFC 3339 time, got \"soon\"",
      })
  void refusesWhatTheTranscoderRefuses(String json, String message) {
    JsonNode in = Json.parse(json.getBytes(StandardCharsets.UTF_8));
    Descriptor d = ProtoTypes.forKind("apps/v1", "Deployment");

    assertThatThrownBy(() -> ProtoJson.toProto(in, d)).hasMessage(message);
    assertThatThrownBy(() -> ProtoWriter.message(in, d))
        .isInstanceOf(ProtoJson.Malformed.class)
        .hasMessage(message);
  }
}
