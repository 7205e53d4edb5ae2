package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.app.Main;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.testkit.CapturedOutput;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;

/** Runs `flotilla …` in-process, exactly as the launcher would, and captures what it prints. */
final class CliRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, String> env;
  private final Path home;

  CliRun(Path configFile, Path home) {
    this(configFile, home, Map.of());
  }

  CliRun(Path configFile, Path home, Map<String, String> extraEnv) {
    Map<String, String> all = new java.util.HashMap<>(extraEnv);
    all.put("FLOTILLA_CONFIG", configFile.toString());
    this.env = Map.copyOf(all);
    this.home = home;
  }

  Result run(String... args) {
    CapturedOutput printed =
        CapturedOutput.of(
            (out, err) ->
                Main.commandLine(
                        new CliEnvironment(
                            env, out, err, new BufferedReader(new StringReader("")), home))
                    .execute(args));
    return new Result(printed.exit(), printed.out(), printed.err());
  }

  /** Runs {@code args}, which must succeed: exit 0, else the failure shows what it printed. */
  Result ok(String... args) {
    Result r = run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  record Result(int code, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception ex) {
        throw new AssertionError("not JSON (exit " + code + "): " + out + "\nstderr: " + err, ex);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }
}
