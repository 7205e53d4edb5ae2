package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every write gets checked for, with the real server's codes, reasons and messages. */
class ValidationIT extends KubeTestSupport {

  @Test
  void anInvalidNameIsRejectedWithTheRfc1123Rule() {
    String ns = newNamespace();
    HttpResponse<String> r = postConfigMap(ns, "{\"metadata\":{\"name\":\"Bad_Name\"}}");
    JsonNode s = json(r);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(s.path("message").asText())
        .isEqualTo(
            "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a"
                + " lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                + " characters, '-' or '.', and must start and end with an alphanumeric character"
                + " (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    JsonNode cause = s.at("/details/causes/0");
    assertThat(cause.path("reason").asText()).isEqualTo("FieldValueInvalid");
    assertThat(cause.path("field").asText()).isEqualTo("metadata.name");
    assertThat(s.at("/details/kind").asText()).isEqualTo("ConfigMap");
    assertThat(s.at("/details/name").asText()).isEqualTo("Bad_Name");
  }

  @Test
  void aMissingNameIsRequired() {
    String ns = newNamespace();
    HttpResponse<String> r = postConfigMap(ns, "{\"metadata\":{}}");
    assertThat(statusMessage(r, 422))
        .isEqualTo(
            "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is"
                + " required");
    assertThat(json(r).at("/details/causes/0/reason").asText()).isEqualTo("FieldValueRequired");
  }

  @Test
  void generateNameMakesAUniqueValidName() {
    String ns = newNamespace();
    HttpResponse<String> r = postConfigMap(ns, "{\"metadata\":{\"generateName\":\"job-\"}}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(json(r).at("/metadata/name").asText()).matches("job-[a-z0-9]{5}");
    HttpResponse<String> bad = postConfigMap(ns, "{\"metadata\":{\"generateName\":\"Job-\"}}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(json(bad).path("details").path("causes").findValuesAsText("field"))
        .contains("metadata.generateName", "metadata.name");
  }

  @Test
  void unknownMetadataFieldsAreDroppedWithAWarning() {
    String ns = newNamespace();
    HttpResponse<String> r =
        postConfigMap(ns, "{\"metadata\":{\"name\":\"a\",\"colour\":\"red\"}}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(json(r).path("metadata").has("colour")).isFalse();
    assertThat(r.headers().allValues("Warning"))
        .containsExactly("299 - \"unknown field \\\"metadata.colour\\\"\"");
  }

  @Test
  void validationAlsoAppliesToDryRunAndStoresNothing() {
    HttpResponse<String> r =
        postConfigMap(newNamespace(), "?dryRun=All", "{\"metadata\":{\"name\":\"Bad\"}}");
    assertThat(r.statusCode()).isEqualTo(422);
  }

  /** How much of the message a row gives: all of it, or how it starts. */
  enum Message {
    IS,
    STARTS_WITH
  }

  /** Writes refused: where, what, the answer's code and reason, and its message. */
  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "the body's namespace must match the URL",
            "configmaps",
            "{\"metadata\":{\"name\":\"a\",\"namespace\":\"somewhere-else\"}}",
            400,
            "BadRequest",
            Message.IS,
            "the namespace of the provided object does not match the namespace sent on the"
                + " request"),
        Arguments.of(
            "the body's apiVersion must match the URL",
            "configmaps",
            "{\"apiVersion\":\"v2\",\"metadata\":{\"name\":\"a\"}}",
            400,
            "BadRequest",
            Message.IS,
            "the API version in the data (v2) does not match the expected API version (v1)"),
        Arguments.of(
            "configMap keys must be valid config keys",
            "configmaps",
            "{\"metadata\":{\"name\":\"a\"},\"data\":{\"bad key\":\"v\"}}",
            422,
            "Invalid",
            Message.IS,
            "ConfigMap \"a\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config"
                + " key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name', "
                + " or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
        Arguments.of(
            "label values follow the qualified name rules",
            "configmaps",
            "{\"metadata\":{\"name\":\"a\",\"labels\":{\"app\":\"web server\"}}}",
            422,
            "Invalid",
            Message.STARTS_WITH,
            "ConfigMap \"a\" is invalid: metadata.labels: Invalid value: \"web server\": a valid"
                + " label must be an empty string or consist of alphanumeric characters"),
        Arguments.of(
            "label keys follow the qualified name rules",
            "configmaps",
            "{\"metadata\":{\"name\":\"a\",\"labels\":{\"-app\":\"web\"}}}",
            422,
            "Invalid",
            Message.STARTS_WITH,
            "ConfigMap \"a\" is invalid: metadata.labels: Invalid value: \"-app\": name part must"
                + " consist of alphanumeric characters"),
        Arguments.of(
            "service names are DNS-1035 labels",
            "services",
            "{\"metadata\":{\"name\":\"1web\"},\"spec\":{\"ports\":[{\"port\":80}]}}",
            422,
            "Invalid",
            Message.STARTS_WITH,
            "Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035"
                + " label"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void aWriteIsRefusedWithKubeApiserversMessage(
      String rule,
      String resource,
      String body,
      int code,
      String reason,
      Message given,
      String message) {
    HttpResponse<String> r = post("/api/v1/namespaces/" + newNamespace() + "/" + resource, body);
    String said = statusMessage(r, code);
    assertThat(json(r).path("reason").asText()).isEqualTo(reason);
    switch (given) {
      case IS -> assertThat(said).isEqualTo(message);
      case STARTS_WITH -> assertThat(said).startsWith(message);
    }
  }
}
