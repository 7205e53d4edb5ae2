package io.flotilla.kube.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.store.LabelRequirement.Operator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Label selectors parsed and matched as apimachinery's {@code labels.Parse}. The cases come from
 * {@code k8s.io/apimachinery/pkg/labels/selector_test.go} (TestSelectorMatches,
 * TestRequirementSelectorMatching, TestSetSelectorParser, TestSelectorParse); the error texts are
 * those {@code selector.go}'s parser and {@code NewRequirement} build from {@code
 * pkg/util/validation/validation.go}'s messages.
 */
class LabelSelectorParserTest {
  private static final String QNAME_RULE =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
          + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String VALUE_RULE =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is"
          + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  private static final String OPERATORS = "in, notin, =, ==, !=, gt, lt";

  static Stream<Arguments> matching() {
    return Stream.of(
        Arguments.of("x=y", "{\"x\":\"y\"}", true),
        Arguments.of("x=y,z=w", "{\"x\":\"y\",\"z\":\"w\"}", true),
        Arguments.of("x!=y,z!=w", "{\"x\":\"z\",\"z\":\"a\"}", true),
        Arguments.of("notin=in", "{\"notin\":\"in\"}", true),
        Arguments.of("x", "{\"x\":\"z\"}", true),
        Arguments.of("!x", "{\"y\":\"z\"}", true),
        Arguments.of("x>1", "{\"x\":\"2\"}", true),
        Arguments.of("x<1", "{\"x\":\"0\"}", true),
        Arguments.of("x=z", "{}", false),
        Arguments.of("x=y", "{\"x\":\"z\"}", false),
        Arguments.of("x=y,z=w", "{\"x\":\"w\",\"z\":\"w\"}", false),
        Arguments.of("x!=y,z!=w", "{\"x\":\"z\",\"z\":\"w\"}", false),
        Arguments.of("x", "{\"y\":\"z\"}", false),
        Arguments.of("!x", "{\"x\":\"z\"}", false),
        Arguments.of("x>1", "{\"x\":\"0\"}", false),
        Arguments.of("x<1", "{\"x\":\"2\"}", false),
        Arguments.of("foo=bar,baz=blah", "{\"foo\":\"bar\",\"baz\":\"blah\"}", true),
        Arguments.of("foo=bar,foobar=bar,baz=blah", "{\"foo\":\"bar\",\"baz\":\"blah\"}", false),
        Arguments.of("x in (foo),y notin (alpha)", "{\"x\":\"foo\",\"y\":\"baz\"}", true),
        Arguments.of("x in (foo),y in (alpha)", "{\"x\":\"foo\",\"y\":\"baz\"}", false),
        Arguments.of("x notin (),y", "{\"y\":\"\"}", true),
        Arguments.of("!x,y", "{\"y\":\"\"}", true),
        Arguments.of("x notin (),!y", "{\"y\":\"\"}", false),
        Arguments.of("x in ()", "{\"y\":\"baz\"}", false),
        Arguments.of("z>1", "{\"z\":\"2\"}", true),
        Arguments.of("z>1", "{\"z\":\"v2\"}", false),
        // NotIn and != select objects without the label; Gt/Lt do not
        Arguments.of("x!=y", "{}", true),
        Arguments.of("x<5", "{}", false),
        // compared as integers, not as text
        Arguments.of("x>3", "{\"x\":\"10\"}", true));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @MethodSource
  void matching(String selector, String labels, boolean matches) {
    JsonNode object =
        Json.parse(("{\"metadata\":{\"labels\":" + labels + "}}").getBytes(StandardCharsets.UTF_8));
    assertThat(Selectors.labels(selector).test(object)).isEqualTo(matches);
  }

  private static LabelRequirement req(String key, Operator op, String... values) {
    return new LabelRequirement(key, op, List.of(values));
  }

  static Stream<Arguments> parsing() {
    return Stream.of(
        Arguments.of("", List.of()),
        Arguments.of("\rx", List.of(req("x", Operator.EXISTS))),
        Arguments.of(
            "this-is-a-dns.domain.com/key-with-dash",
            List.of(req("this-is-a-dns.domain.com/key-with-dash", Operator.EXISTS))),
        Arguments.of(
            "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
            List.of(req("0.1.2.domain/99", Operator.NOT_IN, "10.10.100.1", "tick.tack.clock"))),
        Arguments.of("foo  in\t (abc)", List.of(req("foo", Operator.IN, "abc"))),
        Arguments.of("x notin\n (abc)", List.of(req("x", Operator.NOT_IN, "abc"))),
        Arguments.of("x in (abc,)", List.of(req("x", Operator.IN, "", "abc"))),
        Arguments.of("x in ()", List.of(req("x", Operator.IN, ""))),
        Arguments.of("x notin ( )", List.of(req("x", Operator.NOT_IN, ""))),
        Arguments.of("x notin (, a)", List.of(req("x", Operator.NOT_IN, "", "a"))),
        Arguments.of("x in (a,,b)", List.of(req("x", Operator.IN, "", "a", "b"))),
        Arguments.of(
            "a in (x,y,notin, z,in)", List.of(req("a", Operator.IN, "in", "notin", "x", "y", "z"))),
        Arguments.of("a ", List.of(req("a", Operator.EXISTS))),
        Arguments.of("x=", List.of(req("x", Operator.EQUALS, ""))),
        Arguments.of(
            "x= ,z= ", List.of(req("x", Operator.EQUALS, ""), req("z", Operator.EQUALS, ""))),
        Arguments.of(
            "x>1,z<5",
            List.of(req("x", Operator.GREATER_THAN, "1"), req("z", Operator.LESS_THAN, "5"))),
        Arguments.of(
            "x==a,y!=b,!w",
            List.of(
                req("x", Operator.DOUBLE_EQUALS, "a"),
                req("y", Operator.NOT_EQUALS, "b"),
                req("w", Operator.DOES_NOT_EXIST))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void parsing(String selector, List<LabelRequirement> requirements) {
    assertThat(LabelSelectorParser.parse(selector)).isEqualTo(requirements);
  }

  static Stream<Arguments> invalid() {
    String unable = "unable to parse requirement: ";
    return Stream.of(
        Arguments.of("x=a||y=b", unable + "values[0][x]: Invalid value: \"a||y\": " + VALUE_RULE),
        Arguments.of("x==a==b", "found '==', expected: ',' or 'end of string'"),
        Arguments.of("!x=a", "found '=', expected: ',' or 'end of string'"),
        Arguments.of(
            "x<a",
            unable
                + "values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an"
                + " integer"),
        Arguments.of("x,,y", "found ',', expected: identifier after ','"),
        Arguments.of(",x,y", "found ',', expected: !, identifier, or 'end of string'"),
        Arguments.of("x nott in (y)", unable + "found 'nott', expected: " + OPERATORS),
        Arguments.of("a in (xyz),", "found '', expected: identifier after ','"),
        Arguments.of("a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'"),
        Arguments.of("a in (xyz abc)", unable + "found 'abc', expected: ',' or ')'"),
        Arguments.of("a notin(", unable + "found '', expected: ',', ')' or identifier"),
        Arguments.of("a (", unable + "found '(', expected: " + OPERATORS),
        Arguments.of("(", "found '(', expected: !, identifier, or 'end of string'"),
        Arguments.of("a=b c", "found 'c', expected: ',' or 'end of string'"),
        Arguments.of("a=-x", unable + "values[0][a]: Invalid value: \"-x\": " + VALUE_RULE),
        Arguments.of("a in (x y)", unable + "found 'y', expected: ',' or ')'"),
        Arguments.of("app in (a,b),=x", "found '=', expected: identifier after ','"),
        Arguments.of("a in (x,,)", unable + "found ')', expected: ',', or identifier"),
        Arguments.of("!", unable + "found '', expected: identifier"),
        Arguments.of("a>-1", unable + "values[0][a]: Invalid value: \"-1\": " + VALUE_RULE),
        Arguments.of(
            "a>-x",
            unable
                + "[values[0]: Invalid value: \"-x\": for 'Gt', 'Lt' operators, the value must be"
                + " an integer, values[0][a]: Invalid value: \"-x\": "
                + VALUE_RULE
                + "]"),
        Arguments.of("-a", unable + "<nil>: Invalid value: \"-a\": name part " + QNAME_RULE),
        Arguments.of(
            "a/b/c=d",
            unable
                + "<nil>: Invalid value: \"a/b/c\": a qualified name "
                + QNAME_RULE
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        Arguments.of(
            "Example.com/a",
            unable
                + "<nil>: Invalid value: \"Example.com/a\": prefix part a lowercase RFC 1123"
                + " subdomain must consist of lower case alphanumeric characters, '-' or '.', and"
                + " must start and end with an alphanumeric character (e.g. 'example.com', regex"
                + " used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        Arguments.of(
            "/" + "a".repeat(64),
            unable
                + "<nil>: Invalid value: \"/"
                + "a".repeat(64)
                + "\": prefix part must be non-empty; name part must be no more than 63"
                + " characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void invalid(String selector, String message) {
    assertThatThrownBy(() -> Selectors.labels(selector))
        .isInstanceOf(ApiException.class)
        .hasMessage(message)
        .extracting(e -> ((ApiException) e).code)
        .isEqualTo(400);
  }

  static Stream<Arguments> constructor() {
    return Stream.of(
        Arguments.of(
            "x",
            Operator.IN,
            List.of(),
            "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be"
                + " empty"),
        Arguments.of(
            "x",
            Operator.GREATER_THAN,
            List.of("1", "2"),
            "values: Invalid value: []string{\"1\", \"2\"}: for 'Gt', 'Lt' operators, exactly one"
                + " value is required"),
        Arguments.of(
            "a".repeat(254),
            Operator.EXISTS,
            List.of(),
            "key: Invalid value: \""
                + "a".repeat(254)
                + "\": name part must be no more than 63 characters"));
  }

  /** NewRequirement's own checks, which the parser never reaches (TestRequirementConstructor). */
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource
  void constructor(String key, Operator op, List<String> values, String message) {
    assertThatThrownBy(() -> LabelRequirement.of(key, op, values)).hasMessage(message);
  }
}
