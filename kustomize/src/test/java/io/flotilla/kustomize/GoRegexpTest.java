package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GoRegexp} against Go itself: {@code goregexp/expected.json} is what Go's {@code regexp}
 * package answered for each case of {@code cases.json} (written by {@code src/test/go/goregexp.go},
 * whose header says how to run it again) — the error message, or the group names and each input's
 * first match with its groups.
 */
class GoRegexpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> goAnswers() throws IOException {
    try (InputStream in = GoRegexpTest.class.getResourceAsStream("/goregexp/expected.json")) {
      JsonNode expected = JSON.readTree(in);
      List<Arguments> out = new ArrayList<>();
      expected.path("cases").forEach(c -> out.add(Arguments.of(c.path("re").asText(), c)));
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goAnswers")
  void answersAsGoDoes(String expr, JsonNode go) {
    if (go.has("err")) {
      assertThatThrownBy(() -> GoRegexp.compile(expr))
          .isInstanceOf(GoRegexp.SyntaxError.class)
          .hasMessage(go.path("err").asText());
      return;
    }
    GoRegexp re = GoRegexp.compile(expr);
    Set<String> names = new HashSet<>();
    go.path("names").forEach(n -> names.add(n.asText()));
    names.remove("");
    assertThat(re.groupNames()).containsExactlyInAnyOrderElementsOf(names);
    for (JsonNode r : go.path("results")) {
      String input = r.path("in").asText();
      Matcher m = re.matcher(input);
      if (r.path("match").isNull()) {
        assertThat(m.find()).as("%s finds nothing in %s", expr, input).isFalse();
        continue;
      }
      assertThat(m.find()).as("%s finds something in %s", expr, input).isTrue();
      List<String> groups = new ArrayList<>();
      for (int g = 0; g <= m.groupCount(); g++) {
        groups.add(m.group(g));
      }
      List<String> want = new ArrayList<>();
      r.path("match").forEach(g -> want.add(g.isNull() ? null : g.asText()));
      assertThat(groups).as("%s in %s", expr, input).isEqualTo(want);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"(?P<ts>.*)", "(?<ts>.*)"})
  void readsBothNamedGroupForms(String expr) {
    // Go reads (?<name>…) since 1.22 (the Go the expected file was made with is older).
    GoRegexp re = GoRegexp.compile("^main-" + expr);
    Matcher m = re.matcher("main-1700000000");
    assertThat(m.find()).isTrue();
    assertThat(re.group(m, "ts")).isEqualTo("1700000000");
    assertThat(re.group(m, "nope")).isNull();
  }

  @Test
  void expandsGroupsByNumberOrNameAsGoDoes() {
    GoRegexp re = GoRegexp.compile("(?P<a>x)(y)");
    Matcher m = re.matcher("xy");
    assertThat(m.find()).isTrue();
    assertThat(re.group(m, "1")).isEqualTo("x");
    assertThat(re.group(m, "2")).isEqualTo("y");
    assertThat(re.group(m, "3")).isNull();
    assertThat(re.group(m, "a")).isEqualTo("x");
    // a leading zero or nine digits make a name, and no group has it
    assertThat(re.group(m, "01")).isNull();
    assertThat(GoRegexp.isGroupNumber("12345678")).isTrue();
    assertThat(GoRegexp.isGroupNumber("123456789")).isFalse();
  }

  @Test
  void stopsABacktrackingMatchThatGoWouldRunInLinearTime() {
    // C(60, 11) = 3e11 ways to place the eleven commas: days for a backtracking matcher.
    Matcher m = GoRegexp.compile("(.*,){11}x").matcher(",".repeat(60) + "!");
    assertThatThrownBy(m::find)
        .isInstanceOf(GoRegexp.TooComplex.class)
        .hasMessageContaining("regexp `(.*,){11}x` was stopped on a 61-character text");
  }

  @Test
  void letsAQuadraticButFiniteMatchFinish() {
    Matcher m = GoRegexp.compile(".*x.*y").matcher("a".repeat(5_000) + "x");
    assertThat(m.find()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"(?<=a)b", "(?<!a)b"})
  void refusesLookBehindAsCurrentGoDoes(String expr) {
    // Since Go 1.22 "(?<" starts a name, so a look-behind is an invalid named capture.
    assertThatThrownBy(() -> GoRegexp.compile(expr))
        .isInstanceOf(GoRegexp.SyntaxError.class)
        .hasMessage("error parsing regexp: invalid named capture: `" + expr + "`");
  }

  @ParameterizedTest
  @CsvSource({
    "\\p{greek}+, aβγ, βγ",
    "\\p{GREEK}, aβ, β",
    "\\p{Old_Italic}, a\uD800\uDF00, \uD800\uDF00",
    "\\p{lu}, aB, B"
  })
  void findsUnicodeTablesByGosCanonicalName(String expr, String input, String found) {
    // Go looks names up case- and underscore-insensitively since 1.25.
    Matcher m = GoRegexp.compile(expr).matcher(input);
    assertThat(m.find()).isTrue();
    assertThat(m.group()).isEqualTo(found);
  }
}
