package io.flotilla.cli.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void aBooleanThatIsNotTrueOrFalseIsRejected() {
    assertThatThrownBy(() -> parse("name=k", "prune=yes"))
        .hasMessage("Error! Invalid value 'yes' for kustomization key 'prune'");
  }

  @Test
  void aMissingNameIsAzsRequiredValuesError() {
    assertThatThrownBy(() -> parse("path=./x"))
        .isInstanceOf(CliException.class)
        .hasMessage(
            "Error! Kustomization definition is invalid, required values {'name'} not found")
        .extracting(e -> ((CliException) e).recommendations())
        .asList()
        .containsExactly("Add the required values to the Kustomization object and try again");
  }

  @Test
  void aTokenWithoutEqualsIsAUsageError() {
    assertThatThrownBy(() -> parse("name=k", "prune"))
        .hasMessage("usage error: --kustomization KEY=VALUE [KEY=VALUE ...]");
  }

  @Test
  void theNameFollowsTheResourceNameRules() {
    assertThatThrownBy(() -> parse("name=Apps"))
        .hasMessage("Error! Invalid name")
        .extracting(e -> ((CliException) e).recommendations())
        .asList()
        // az's recommendation repeats the error for this rule
        .containsExactly("Error! Invalid name");
    assertThatThrownBy(() -> parse("name=" + "a".repeat(64)))
        .extracting(e -> ((CliException) e).recommendations())
        .asList()
        .containsExactly(
            "Parameter name can be a maximum of 63 characters. Specify a shorter name and try"
                + " again.");
  }

  @Test
  void durationErrorsNameTheKeyAsAzDoes() {
    assertThatThrownBy(() -> parse("name=k", "interval=soon"))
        .hasMessage("Error! Invalid sync-interval.");
    assertThatThrownBy(() -> parse("name=k", "retry_interval=x"))
        .hasMessage("Error! Invalid retry-interval.");
    assertThatThrownBy(() -> parse("name=k", "timeout=5")).hasMessage("Error! Invalid timeout.");
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
