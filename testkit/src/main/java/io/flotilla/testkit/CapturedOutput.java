package io.flotilla.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What a command run in process printed: its exit code, stdout and stderr. For the CLI's tests in
 * every module (testkit cannot see the CLI: the caller builds its environment from the writers).
 */
public record CapturedOutput(int exit, String out, String err) {
  /** A command that prints to {@code out} and {@code err} and returns its exit code. */
  @FunctionalInterface
  public interface Command {
    int run(PrintWriter out, PrintWriter err);
  }

  /** Runs {@code command} with auto-flushing writers and returns what it printed. */
  public static CapturedOutput of(Command command) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    int exit = command.run(outWriter, errWriter);
    outWriter.flush();
    errWriter.flush();
    return new CapturedOutput(exit, out.toString(), err.toString());
  }

  /** For an assertion's description: everything it printed. */
  @Override
  public String toString() {
    return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
