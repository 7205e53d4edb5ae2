package io.flotilla.cli;

import io.flotilla.cli.output.Terminal;
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
        new Terminal.Writer(System.out, terminal),
        new Terminal.Writer(System.err, terminal),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        Path.of(System.getProperty("user.home")));
  }

  /**
   * knack's {@code enable_color}: colour only when both stdout and stderr are terminals and the
   * user has not turned it off ({@code FLOTILLA_CORE_NO_COLOR}, like az's {@code
   * AZURE_CORE_NO_COLOR}, or {@code NO_COLOR}).
   */
  boolean colorEnabled() {
    String off = getenv("FLOTILLA_CORE_NO_COLOR");
    if (off != null && !off.equalsIgnoreCase("false") && !off.equals("0")) return false;
    if (getenv("NO_COLOR") != null) return false;
    return Terminal.isTerminal(out) && Terminal.isTerminal(err);
  }

  public String getenv(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
