package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Selectors read as labels.Parse reads them, against the labels tier=db, app=web. */
class LabelSelectorTest {
  private static final Map<String, String> LABELS = Map.of("tier", "db", "app", "web");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tier in (db,cache)|true",
        "tier in(db,cache)|true",
        "tier notin (db)|false",
        "tier notin(db)|false",
        "tier notin(cache),app=web|true",
        "tier in (cache)|false",
        "app!=web|false",
        "app==web|true",
        "!tier|false",
        "tier|true"
      })
  void selectsAsKubernetesDoes(String selector, boolean selected) throws KustomizeException {
    assertThat(LabelSelector.parse(selector).matches(LABELS)).isEqualTo(selected);
  }

  // apimachinery's util/validation words (IsQualifiedName, IsValidLabelValue)
  private static final String NAME_RULE =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
          + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String VALUE_RULE =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is"
          + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  /** What {@code kubectl kustomize} (kustomize v5.5.0) answers to each, as a patch target. */
  static Stream<Arguments> invalidSelectors() {
    String long64 = "a".repeat(64);
    String refused = "unable to parse requirement: ";
    return Stream.of(
        Arguments.of("-tier=db", refused + "invalid label key \"-tier\": name part " + NAME_RULE),
        Arguments.of("tier_", refused + "invalid label key \"tier_\": name part " + NAME_RULE),
        Arguments.of(
            "a/b/c",
            refused
                + "invalid label key \"a/b/c\": a qualified name "
                + NAME_RULE
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        Arguments.of(
            "!Example.com/app",
            refused
                + "invalid label key \"Example.com/app\": prefix part a DNS-1123 subdomain must"
                + " consist of lower case alphanumeric characters, '-' or '.', and must start and"
                + " end with an alphanumeric character (e.g. 'example.com', regex used for"
                + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        Arguments.of(
            "/app=web", refused + "invalid label key \"/app\": prefix part must be non-empty"),
        Arguments.of(
            long64 + " in (db)",
            refused
                + "invalid label key \""
                + long64
                + "\": name part must be no more than 63 characters"),
        Arguments.of(
            "app=web,tier=db_",
            refused + "invalid label value: \"db_\": at key: \"tier\": " + VALUE_RULE),
        Arguments.of(
            "tier=" + long64,
            refused
                + "invalid label value: \""
                + long64
                + "\": at key: \"tier\": must be no more than 63 characters"),
        Arguments.of(
            "tier notin (db, y-, -x)",
            refused + "invalid label value: \"-x\": at key: \"tier\": " + VALUE_RULE),
        Arguments.of("-t!=x-", refused + "invalid label key \"-t\": name part " + NAME_RULE));
  }

  /** labels.Parse refuses a key that is no qualified name, or a value that is no label value. */
  @ParameterizedTest
  @MethodSource("invalidSelectors")
  void refusesInvalidKeysAndValuesAsLabelsParse(String selector, String error) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOf(KustomizeException.class)
        .hasMessage(error);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"!example.com/app|true", "tier=|false", "a.b_c-d=x|false"})
  void acceptsQualifiedNamesAndEmptyValues(String selector, boolean selected)
      throws KustomizeException {
    assertThat(LabelSelector.parse(selector).matches(LABELS)).isEqualTo(selected);
  }
}
