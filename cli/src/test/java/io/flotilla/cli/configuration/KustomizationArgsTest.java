package io.flotilla.cli.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flotilla.cli.CliException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KustomizationArgsTest {
  private final List<String> warnings = new ArrayList<>();

  private String parse(String... tokens) {
    var k = KustomizationArgs.parse(Arrays.asList(tokens), "--kustomization", warnings::add);
    return k.name() + " " + k.definition();
  }

  private CliException refusal(String... tokens) {
    return catchThrowableOfType(CliException.class, () -> parse(tokens));
  }

  @Test
  void theTutorialsKustomizations() {
    assertThat(parse("name=infra", "path=./infrastructure", "prune=true"))
        .isEqualTo("infra {\"path\":\"./infrastructure\",\"prune\":true}");
    // what a shell passes for dependsOn=\["infra"\]
    assertThat(parse("name=apps", "path=./apps/staging", "prune=true", "dependsOn=[infra]"))
        .isEqualTo("apps {\"path\":\"./apps/staging\",\"prune\":true,\"dependsOn\":[\"infra\"]}");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "dependsOn=[infra]",
        "dependsOn=[\"infra\"]",
        "dependsOn=infra",
        "dependsOn= [ \"infra\" ] ",
        "depends_on=[infra]",
        "dependencies=[infra]",
        "depends=infra"
      })
  void dependencyAliasesAndQuotingForms(String token) {
    assertThat(parse("name=apps", token)).isEqualTo("apps {\"dependsOn\":[\"infra\"]}");
  }

  @Test
  void severalDependencies() {
    assertThat(parse("name=apps", "dependsOn=[infra,\"crds\", 'db']"))
        .isEqualTo("apps {\"dependsOn\":[\"infra\",\"crds\",\"db\"]}");
    assertThat(parse("name=apps", "dependsOn=[]")).isEqualTo("apps {\"dependsOn\":[]}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "interval=10m       | syncIntervalInSeconds  | 600",
        "sync_interval=1h   | syncIntervalInSeconds  | 3600",
        "syncInterval=30s   | syncIntervalInSeconds  | 30",
        "retryInterval=2m   | retryIntervalInSeconds | 120",
        "retry_interval=1m5s| retryIntervalInSeconds | 65",
        "timeout=1h2m5s     | timeoutInSeconds       | 3725",
      })
  void durationAliases(String token, String field, long seconds) {
    assertThat(parse("name=k", token.strip())).isEqualTo("k {\"" + field + "\":" + seconds + "}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "prune=true                  | {\"prune\":true}",
        "prune=False                 | {\"prune\":false}",
        "force=TRUE                  | {\"force\":true}",
        "disable-health-check=true   | {\"wait\":false}",
        "disable-health-check=false  | {\"wait\":true}",
        "disable_health_check=true   | {\"wait\":false}",
      })
  void booleansAreParsedNotPassedAsStrings(String token, String json) {
    assertThat(parse("name=k", token.strip())).isEqualTo("k " + json.strip());
  }

  // a boolean that is not true or false, a token without '=', durations that name the key as az
  // does
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "prune=yes        | Error! Invalid value 'yes' for kustomization key 'prune'",
        "prune            | usage error: --kustomization KEY=VALUE [KEY=VALUE ...]",
        "interval=soon    | Error! Invalid sync-interval.",
        "retry_interval=x | Error! Invalid retry-interval.",
        "timeout=5        | Error! Invalid timeout.",
      })
  void badValuesAreRefused(String token, String message) {
    assertThatThrownBy(() -> parse("name=k", token)).hasMessage(message);
  }

  @Test
  void aMissingNameIsAzsRequiredValuesError() {
    var missing = refusal("path=./x");
    assertThat(missing)
        .hasMessage(
            "Error! Kustomization definition is invalid, required values {'name'} not found");
    assertThat(missing.recommendations())
        .containsExactly("Add the required values to the Kustomization object and try again");
  }

  @Test
  void theNameFollowsTheResourceNameRules() {
    var invalid = refusal("name=Apps");
    assertThat(invalid).hasMessage("Error! Invalid name");
    // az's recommendation repeats the error for this rule
    assertThat(invalid.recommendations()).containsExactly("Error! Invalid name");
    assertThat(refusal("name=" + "a".repeat(64)).recommendations())
        .containsExactly(
            "Parameter name can be a maximum of 63 characters. Specify a shorter name and try"
                + " again.");
  }

  @Test
  void unknownKeysAreIgnoredWithAWarning() {
    assertThat(parse("name=k", "validation=client")).isEqualTo("k {}");
    assertThat(warnings).singleElement().asString().contains("'validation'");
  }

  @Test
  void aRepeatedNameReplacesTheEarlierDefinitionInPlace() {
    var all =
        KustomizationArgs.parseAll(
            List.of(List.of("name=a", "path=1"), List.of("name=b"), List.of("name=a", "path=2")),
            "-k",
            warnings::add);
    assertThat(all.keySet()).containsExactly("a", "b");
    assertThat(all.get("a").definition().toString()).isEqualTo("{\"path\":\"2\"}");
  }
}
