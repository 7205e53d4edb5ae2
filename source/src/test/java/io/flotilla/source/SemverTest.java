package io.flotilla.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemverTest {
  private static final List<String> TAGS =
      List.of(
          "v0.1.0",
          "v0.2.3",
          "v1.0.0",
          "v1.2.0",
          "v1.2.5",
          "v1.3.0-rc.1",
          "v1.3.0",
          "v2.0.0",
          "2.1.0",
          "not-a-version",
          "v3.0.0-beta");

  private static String best(String range) {
    return Semver.best(Semver.range(range), TAGS).orElse(null);
  }

  @ParameterizedTest(name = "{0} picks {1}")
  @CsvSource(
      delimiterString = " => ",
      value = {
        // exact and comparison ranges
        "1.2.0 => v1.2.0",
        ">=1.0.0 <2.0.0 => v1.3.0",
        ">=1.0.0, <1.3.0 => v1.2.5",
        "<1.0.0 => v0.2.3",
        "!=2.1.0 => v2.0.0",
        "> 1.2 => 2.1.0",
        // tilde, caret and wildcards
        "~1.2.0 => v1.2.5",
        "^1.0.0 => v1.3.0",
        "^0.1.0 => v0.1.0",
        "1.2.x => v1.2.5",
        "* => 2.1.0",
        "1.0 - 1.2.0 => v1.2.0",
        "^0.1 || ~2.0 => v2.0.0",
      })
  void rangesPickTheHighestMatchingTag(String range, String picked) {
    assertThat(best(range)).isEqualTo(picked);
  }

  @Test
  void preReleasesOnlyMatchRangesThatNameOne() {
    assertThat(best(">=3.0.0")).isNull();
    assertThat(best(">=3.0.0-0")).isEqualTo("v3.0.0-beta");
    assertThat(best("1.3.0-rc.1")).isEqualTo("v1.3.0-rc.1");
  }

  @Test
  void versionOrderingFollowsSemver() {
    var a = Semver.Version.parse("1.0.0-alpha.1").orElseThrow();
    var b = Semver.Version.parse("1.0.0-alpha.beta").orElseThrow();
    var c = Semver.Version.parse("1.0.0").orElseThrow();
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
  }

  @Test
  void malformedRangeIsRejected() {
    assertThatThrownBy(() -> Semver.range(">= one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("improper constraint");
  }
}
