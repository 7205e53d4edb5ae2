package io.flotilla.gotext;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Strings escaped as Go's encoding/json (Go 1.22 on) writes them: the JSON kustomize hashes for a
 * generated name, and the flux CLI's JSON output.
 */
class GoJsonStringTest {
  private static String json(String text) {
    return GoJsonString.quote(text);
  }

  @Test
  void backspaceAndFormFeedHaveShortEscapesAsInGo122() {
    assertThat(json("a\bb")).isEqualTo("\"a\\bb\"");
    assertThat(json("page\fbreak")).isEqualTo("\"page\\fbreak\"");
  }

  @Test
  void otherEscapesAreGos() {
    assertThat(json("tab\tnl\ncr\r")).isEqualTo("\"tab\\tnl\\ncr\\r\"");
    assertThat(json("bell" + (char) 7)).isEqualTo("\"bell\\u0007\"");
    assertThat(json("<a&b>")).isEqualTo("\"\\u003ca\\u0026b\\u003e\"");
    assertThat(json("q\"s\\")).isEqualTo("\"q\\\"s\\\\\"");
  }

  @Test
  void thePlainFormKeepsJsonsOwnEscapesWithoutGosHtmlSafety() {
    StringBuilder out = new StringBuilder();
    GoJsonString.appendPlain(out, "<a&b>\u2028\u2029 q\"s\\ \b\f\t\n\r" + (char) 7 + (char) 0x1b);
    assertThat(out).hasToString("\"<a&b>\u2028\u2029 q\\\"s\\\\ \\b\\f\\t\\n\\r\\u0007\\u001b\"");
  }
}
