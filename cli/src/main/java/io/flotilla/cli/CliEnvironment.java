package io.flotilla.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Everything the CLI takes from the outside world, injectable in tests. */
public record CliEnvironment(
    Map<String, String> env, PrintWriter out, PrintWriter err, BufferedReader in, Path home) {

  /** The real process: environment variables, stdout, stderr, stdin and {@code user.home}. */
  public static CliEnvironment system() {
    boolean terminal = Terminal.stderrIsTerminal();
    return new CliEnvironment(
        System.getenv(),
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new Terminal.Writer(System.err, terminal),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        Path.of(System.getProperty("user.home")));
  }

  String getenv(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
