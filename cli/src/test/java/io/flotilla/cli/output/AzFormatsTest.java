package io.flotilla.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -o yaml|yamlc|jsonc} byte for byte as az prints them. The expected texts were produced by
 * PyYAML 6 ({@code safe_dump(default_flow_style=False, allow_unicode=True)}) and pygments 2.20
 * ({@code JsonLexer}/{@code YamlLexer} with {@code TerminalFormatter}), the libraries knack uses,
 * and are kept byte for byte under {@code src/test/resources/az-formats}.
 */
class AzFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * {@code az-formats/<name>.<extension>}: {@code json} is the input, {@code yaml}, {@code yamlc}
   * and {@code jsonc} what az prints for it.
   */
  static String golden(String name, String extension) throws IOException {
    try (InputStream in =
        AzFormatsTest.class.getResourceAsStream("/az-formats/" + name + "." + extension)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String print(String format, JsonNode data, boolean color) {
    StringWriter out = new StringWriter();
    new Output(new PrintWriter(out), format, null, color).print(data, null);
    return out.toString();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"flux", "list", "scalar", "empty", "emptystr"})
  void yamlYamlcAndJsoncAreWhatAzPrints(String name) throws Exception {
    JsonNode data = JSON.readTree(golden(name, "json"));
    for (String format : new String[] {"yaml", "yamlc", "jsonc"}) {
      assertThat(print(format, data, true)).as(format).isEqualTo(golden(name, format));
    }
  }

  @ParameterizedTest(name = "{0} without a terminal")
  @ValueSource(strings = {"flux", "list", "scalar"})
  void withoutATerminalColouredFormatsFallBackToPlain(String name) throws Exception {
    JsonNode data = JSON.readTree(golden(name, "json"));
    assertThat(print("yamlc", data, false)).isEqualTo(print("yaml", data, false));
    assertThat(print("jsonc", data, false)).isEqualTo(print("json", data, false));
    assertThat(print("jsonc", data, false)).doesNotContain("\u001b[");
  }
}
