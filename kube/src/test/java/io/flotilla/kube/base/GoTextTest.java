package io.flotilla.kube.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Quoted as Go's %q quotes, which kube-apiserver's field errors use. */
class GoTextTest {
  @Test
  void quotesAsGoDoes() {
    assertThat(GoText.quote("web-1")).isEqualTo("\"web-1\"");
    assertThat(GoText.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(GoText.quote("tab\tnl\ncr\r")).isEqualTo("\"tab\\tnl\\ncr\\r\"");
    assertThat(GoText.quote("ff\f bs\b vt" + (char) 11 + " bel" + (char) 7))
        .isEqualTo("\"ff\\f bs\\b vt\\v bel\\a\"");
    assertThat(GoText.quote("nul" + (char) 0 + " del" + (char) 0x7f))
        .isEqualTo("\"nul\\x00 del\\x7f\"");
    assertThat(GoText.quote("nb" + (char) 0xa0 + "sp zw" + (char) 0x200b))
        .isEqualTo("\"nb\\u00a0sp zw\\u200b\"");
    assertThat(GoText.quote("caf\u00e9 \u65e5\u672c \uD83D\uDE00")).isEqualTo("\"café 日本 😀\"");
    assertThat(GoText.quoteList(List.of("a", "b"))).isEqualTo("[\"a\" \"b\"]");
  }
}
