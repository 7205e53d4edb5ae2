package io.flotilla.cli;

import io.flotilla.testkit.CapturedOutput;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with captured stdout/stderr, a scripted stdin and a private home. */
public final class CliRunner {
  public record Result(int exitCode, String out, String err) {}

  private final Map<String, String> env = new HashMap<>();
  private final Path home;
  private String stdin = "";

  public CliRunner(Path home) {
    this.home = home;
  }

  public CliRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public CliRunner stdin(String text) {
    this.stdin = text;
    return this;
  }

  public Result run(String... args) {
    CapturedOutput printed =
        CapturedOutput.of(
            (out, err) ->
                Cli.run(
                    new CliEnvironment(
                        Map.copyOf(env),
                        out,
                        err,
                        new BufferedReader(new StringReader(stdin)),
                        home),
                    args));
    return new Result(printed.exit(), printed.out(), printed.err());
  }

  /** Splits a command line the way a POSIX shell would for the simple cases tests use. */
  public static String[] shell(String line) {
    var args = new java.util.ArrayList<String>();
    StringBuilder cur = new StringBuilder();
    boolean inToken = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
        else cur.append(c);
      } else if (c == '\\' && i + 1 < line.length()) {
        char next = line.charAt(++i);
        if (next != '\n') {
          cur.append(next);
          inToken = true;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inToken = true;
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          args.add(cur.toString());
          cur.setLength(0);
          inToken = false;
        }
      } else {
        cur.append(c);
        inToken = true;
      }
    }
    if (inToken) args.add(cur.toString());
    return args.toArray(String[]::new);
  }
}
