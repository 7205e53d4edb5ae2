package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {
  @TempDir Path home;

  private CliEnvironment env(Map<String, String> vars) {
    return new CliEnvironment(
        vars,
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()),
        new BufferedReader(new StringReader("")),
        home);
  }

  @Test
  void defaultPathIsUnderHomeUnlessFlotillaConfigSaysOtherwise() {
    assertThat(CliConfig.defaultPath(env(Map.of())))
        .isEqualTo(home.resolve(".flotilla").resolve("config"));
    assertThat(CliConfig.defaultPath(env(Map.of("FLOTILLA_CONFIG", "/tmp/x.json"))))
        .isEqualTo(Path.of("/tmp/x.json"));
  }

  @Test
  void withoutAFileTheDefaultsApply() {
    assertThat(CliConfig.load(env(Map.of())))
        .isEqualTo(new CliConfig("http://127.0.0.1:8080", null, CliConfig.DEFAULT_SUBSCRIPTION));
  }

  @Test
  void saveWritesPrivateJsonThatLoadReadsBack() throws Exception {
    Path file = home.resolve(".flotilla").resolve("config");
    new CliConfig("http://127.0.0.1:9000", "tok", "sub").save(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("\"server\"").contains("\"token\" : \"tok\"");
    assertThat(CliConfig.load(env(Map.of())))
        .isEqualTo(new CliConfig("http://127.0.0.1:9000", "tok", "sub"));
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).containsExactly(file); // no temp files left behind
    }
  }

  @Test
  void environmentVariablesOverrideTheFile() {
    new CliConfig("http://127.0.0.1:9000", "tok", "sub")
        .save(home.resolve(".flotilla").resolve("config"));
    var vars =
        Map.of(
            "FLOTILLA_SERVER", "http://10.0.0.1:8080/",
            "FLOTILLA_TOKEN", "other",
            "FLOTILLA_SUBSCRIPTION", "sub2");
    assertThat(CliConfig.load(env(vars)))
        .isEqualTo(new CliConfig("http://10.0.0.1:8080", "other", "sub2"));
  }

  @Test
  void aBrokenFileIsAClearError() throws Exception {
    Path file = home.resolve(".flotilla").resolve("config");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> CliConfig.load(env(Map.of())))
        .hasMessageStartingWith("Error! The Flotilla config file " + file + " is not valid JSON");
  }

  @Test
  void theTokenNeverShowsInToString() {
    assertThat(new CliConfig("s", "secret-token", "x").toString()).doesNotContain("secret-token");
  }
}
