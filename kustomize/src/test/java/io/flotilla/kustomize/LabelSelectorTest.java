package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
