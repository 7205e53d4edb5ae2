package io.flotilla.cli.output;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/** Whether stdout/stderr are interactive terminals: progress and colour are drawn only then. */
public final class Terminal {
  private Terminal() {}

  /** A writer that remembers whether it is attached to a terminal. */
  public static final class Writer extends PrintWriter {
    private final boolean terminal;

    public Writer(java.io.Writer writer, boolean terminal) {
      super(writer, true);
      this.terminal = terminal;
    }

    public Writer(OutputStream stream, boolean terminal) {
      super(stream, true, StandardCharsets.UTF_8);
      this.terminal = terminal;
    }
  }

  public static boolean isTerminal(PrintWriter writer) {
    return writer instanceof Writer w && w.terminal;
  }

  public static boolean stderrIsTerminal() {
    var console = System.console();
    if (console == null) {
      return false;
    }
    // JDK 22+ returns a Console even when redirected; ask it, if it can tell (Console.isTerminal).
    try {
      Method isTerminal = console.getClass().getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }
}
