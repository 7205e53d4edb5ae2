package io.flotilla.kube.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.schema.StructuralSchemaTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Metadata validation as tables: kind and metadata in, causes out, in the real server's words. */
class ObjectMetaRulesTest {
  static final String SUBDOMAIN_RULE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  static ResourceType type(String group, String plural) {
    return new Registry().find(group, group.isEmpty() ? "v1" : "v1", plural);
  }

  static Stream<Arguments> metadata() {
    return Stream.of(
        Arguments.of("", "configmaps", "{name: ok.name-1}", List.of()),
        Arguments.of(
            "",
            "configmaps",
            "{name: Bad_Name}",
            List.of(
                "FieldValueInvalid metadata.name: Invalid value: \"Bad_Name\": " + SUBDOMAIN_RULE)),
        Arguments.of(
            "",
            "configmaps",
            "{}",
            List.of(
                "FieldValueRequired metadata.name: Required value: name or generateName is"
                    + " required")),
        Arguments.of(
            "",
            "services",
            "{name: 1abc}",
            List.of(
                "FieldValueInvalid metadata.name: Invalid value: \"1abc\": a DNS-1035 label must"
                    + " consist of lower case alphanumeric characters or '-', start with an"
                    + " alphabetic character, and end with an alphanumeric character (e.g."
                    + " 'my-name',  or 'abc-123', regex used for validation is"
                    + " '[a-z]([-a-z0-9]*[a-z0-9])?')")),
        Arguments.of(
            "",
            "namespaces",
            "{name: a.b}",
            List.of(
                "FieldValueInvalid metadata.name: Invalid value: \"a.b\": must not contain dots")),
        Arguments.of("", "configmaps", "{generateName: web-, name: web-x2k9d}", List.of()),
        Arguments.of(
            "rbac.authorization.k8s.io", "roles", "{name: 'system:aggregate-to-edit'}", List.of()),
        Arguments.of(
            "",
            "configmaps",
            "{name: a, labels: {'bad key': v, ok: 'bad value!'}}",
            List.of(
                "FieldValueInvalid metadata.labels: Invalid value: \"bad key\": name part must"
                    + " consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                    + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
                    + " '123-abc', regex used for validation is"
                    + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "FieldValueInvalid metadata.labels: Invalid value: \"bad value!\": a valid label"
                    + " must be an empty string or consist of alphanumeric characters, '-', '_' or"
                    + " '.', and must start and end with an alphanumeric character (e.g."
                    + " 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
                    + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")),
        Arguments.of(
            "",
            "configmaps",
            "{name: a, annotations: {'Example.COM/x': v, '/x': v}}",
            List.of(
                "FieldValueInvalid metadata.annotations: Invalid value: \"/x\": prefix part must"
                    + " be non-empty")));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource
  void metadata(String group, String plural, String meta, List<String> causes) {
    ObjectNode obj = Json.object();
    obj.set("metadata", StructuralSchemaTest.yaml(meta));
    assertThat(ObjectMetaRules.validate(type(group, plural), obj))
        .extracting(c -> c.reason() + " " + c.field() + ": " + c.message())
        .containsExactlyElementsOf(causes);
  }

  @Test
  void unknownMetadataFieldsAreDroppedAndReported() {
    ObjectNode obj = (ObjectNode) StructuralSchemaTest.yaml("{metadata: {name: a, colour: red}}");
    assertThat(ObjectMetaRules.pruneUnknown(obj)).containsExactly("metadata.colour");
    assertThat(obj).isEqualTo(StructuralSchemaTest.yaml("{metadata: {name: a}}"));
  }

  @Test
  void quantitiesCompareAcrossSuffixes() {
    assertThat(KindRules.quantity("1Gi")).isGreaterThan(KindRules.quantity("1G"));
    assertThat(KindRules.quantity("1500m").compareTo(KindRules.quantity("1.5"))).isZero();
    assertThat(KindRules.quantity("2e3").compareTo(KindRules.quantity("2k"))).isZero();
  }
}
