package io.flotilla.kube.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Structural schemas as tables: schema and object in, defaulted/pruned object or causes out. */
public class StructuralSchemaTest {

  public static JsonNode yaml(String s) {
    try {
      return Json.YAML.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String SCHEMA =
      """
      type: object
      properties:
        spec:
          type: object
          required: [url]
          properties:
            url: {type: string, pattern: '^(http|https|ssh)://.*$'}
            interval: {type: string, default: 1m}
            suspend: {type: boolean, default: false}
            replicas: {type: integer, minimum: 1, maximum: 10}
            mode: {type: string, enum: [Fast, Slow]}
            name: {type: string, maxLength: 5}
            port: {x-kubernetes-int-or-string: true}
            ref:
              type: object
              default: {}
              properties:
                branch: {type: string, default: main}
            items:
              type: array
              maxItems: 2
              items:
                type: object
                properties:
                  name: {type: string}
                  weight: {type: integer, default: 1}
            labels:
              type: object
              additionalProperties: {type: string}
            extra:
              type: object
              x-kubernetes-preserve-unknown-fields: true
            template:
              type: object
              x-kubernetes-embedded-resource: true
              properties:
                spec: {type: object, properties: {a: {type: string}}}
            note: {type: string, nullable: true}
        status:
          type: object
          properties:
            ready: {type: boolean}
      """;

  static Stream<Arguments> defaulting() {
    return Stream.of(
        Arguments.of(
            "absent fields get their defaults, recursively into defaulted objects",
            "{spec: {url: 'https://x'}}",
            "{spec: {url: 'https://x', interval: 1m, suspend: false, ref: {branch: main}}}"),
        Arguments.of(
            "present values are kept",
            "{spec: {url: 'https://x', interval: 5m, suspend: true, ref: {branch: dev}}}",
            "{spec: {url: 'https://x', interval: 5m, suspend: true, ref: {branch: dev}}}"),
        Arguments.of(
            "array items are defaulted",
            "{spec: {url: u, items: [{name: a}, {name: b, weight: 3}]}}",
            "{spec: {url: u, interval: 1m, suspend: false, ref: {branch: main},"
                + " items: [{name: a, weight: 1}, {name: b, weight: 3}]}}"),
        Arguments.of(
            "a null without nullable is defaulted, or dropped when there is no default",
            "{spec: {url: u, interval: null, mode: null}}",
            "{spec: {url: u, interval: 1m, suspend: false, ref: {branch: main}}}"),
        Arguments.of(
            "a null of a nullable field stays",
            "{spec: {url: u, note: null}}",
            "{spec: {url: u, note: null, interval: 1m, suspend: false, ref: {branch: main}}}"),
        Arguments.of("no spec, nothing to default into", "{status: {}}", "{status: {}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void defaulting(String why, String in, String out) {
    StructuralSchema s = StructuralSchema.of(yaml(SCHEMA));
    ObjectNode obj = (ObjectNode) yaml(in);
    boolean needed = s.needsDefaults(obj);
    boolean changed = s.applyDefaults(obj);
    assertThat(obj).isEqualTo(yaml(out));
    assertThat(needed).isEqualTo(!yaml(in).equals(yaml(out)) && changed);
  }

  static Stream<Arguments> pruning() {
    return Stream.of(
        Arguments.of(
            "unknown fields go, at every level; apiVersion, kind and metadata stay at the root",
            "{apiVersion: a/v1, kind: K, metadata: {name: n}, spec: {url: u, bogus: 1,"
                + " ref: {branch: b, tag: t}}, top: x}",
            "{apiVersion: a/v1, kind: K, metadata: {name: n}, spec: {url: u, ref: {branch: b}}}",
            List.of("spec.bogus", "spec.ref.tag", "top")),
        Arguments.of(
            "array items are pruned by the items schema",
            "{spec: {url: u, items: [{name: a, colour: red}]}}",
            "{spec: {url: u, items: [{name: a}]}}",
            List.of("spec.items[0].colour")),
        Arguments.of(
            "x-kubernetes-preserve-unknown-fields and additionalProperties keep what they allow",
            "{spec: {url: u, extra: {any: {thing: 1}}, labels: {a: b}}}",
            "{spec: {url: u, extra: {any: {thing: 1}}, labels: {a: b}}}",
            List.of()),
        Arguments.of(
            "an embedded resource keeps apiVersion, kind and metadata",
            "{spec: {url: u, template: {apiVersion: v1, kind: Pod, metadata: {name: p},"
                + " spec: {a: x, b: y}}}}",
            "{spec: {url: u, template: {apiVersion: v1, kind: Pod, metadata: {name: p},"
                + " spec: {a: x}}}}",
            List.of("spec.template.spec.b")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void pruning(String why, String in, String out, List<String> pruned) {
    ObjectNode obj = (ObjectNode) yaml(in);
    assertThat(StructuralSchema.of(yaml(SCHEMA)).prune(obj)).isEqualTo(pruned);
    assertThat(obj).isEqualTo(yaml(out));
  }

  static Stream<Arguments> validation() {
    return Stream.of(
        Arguments.of("a valid object", "{spec: {url: 'https://x', port: 80}}", List.of()),
        Arguments.of(
            "required", "{spec: {}}", List.of("FieldValueRequired spec.url: Required value")),
        Arguments.of(
            "pattern",
            "{spec: {url: x}}",
            List.of(
                "FieldValueInvalid spec.url: Invalid value: \"x\": spec.url in body should match"
                    + " '^(http|https|ssh)://.*$'")),
        Arguments.of(
            "type",
            "{spec: {url: 'http://x', replicas: two}}",
            List.of(
                "FieldValueTypeInvalid spec.replicas: Invalid value: \"string\": spec.replicas in"
                    + " body must be of type integer: \"string\"")),
        Arguments.of(
            "an integral float is not an integer",
            "{spec: {url: 'http://x', replicas: 2.5}}",
            List.of(
                "FieldValueTypeInvalid spec.replicas: Invalid value: \"number\": spec.replicas in"
                    + " body must be of type integer: \"number\"")),
        Arguments.of(
            "minimum and maximum",
            "{spec: {url: 'http://x', replicas: 0}}",
            List.of(
                "FieldValueInvalid spec.replicas: Invalid value: 0: spec.replicas in body should"
                    + " be greater than or equal to 1")),
        Arguments.of(
            "maximum",
            "{spec: {url: 'http://x', replicas: 11}}",
            List.of(
                "FieldValueInvalid spec.replicas: Invalid value: 11: spec.replicas in body should"
                    + " be less than or equal to 10")),
        Arguments.of(
            "enum",
            "{spec: {url: 'http://x', mode: Medium}}",
            List.of(
                "FieldValueNotSupported spec.mode: Unsupported value: \"Medium\": supported"
                    + " values: \"Fast\", \"Slow\"")),
        Arguments.of(
            "maxLength",
            "{spec: {url: 'http://x', name: toolong}}",
            List.of("FieldValueTooLong spec.name: Too long: may not be longer than 5")),
        Arguments.of(
            "int-or-string",
            "{spec: {url: 'http://x', port: true}}",
            List.of(
                "FieldValueTypeInvalid spec.port: Invalid value: \"boolean\": spec.port in body"
                    + " must be of type integer,string: \"boolean\"")),
        Arguments.of(
            "maxItems and nested item types",
            "{spec: {url: 'http://x', items: [{name: a}, {name: b}, {name: 3}]}}",
            List.of(
                "FieldValueTooMany spec.items: Too many: 3: must have at most 2 items",
                "FieldValueTypeInvalid spec.items[2].name: Invalid value: \"integer\":"
                    + " spec.items[2].name in body must be of type string: \"integer\"")),
        Arguments.of(
            "additionalProperties values",
            "{spec: {url: 'http://x', labels: {a: 1}}}",
            List.of(
                "FieldValueTypeInvalid spec.labels.a: Invalid value: \"integer\": spec.labels.a"
                    + " in body must be of type string: \"integer\"")),
        Arguments.of(
            "status is validated too",
            "{spec: {url: 'http://x'}, status: {ready: 'yes'}}",
            List.of(
                "FieldValueTypeInvalid status.ready: Invalid value: \"string\": status.ready in"
                    + " body must be of type boolean: \"string\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void validation(String why, String in, List<String> causes) {
    List<ApiException.Cause> got =
        StructuralSchema.of(yaml(SCHEMA)).validate((ObjectNode) yaml(in));
    assertThat(got)
        .extracting(c -> c.reason() + " " + c.field() + ": " + c.message())
        .containsExactlyElementsOf(causes);
  }
}
