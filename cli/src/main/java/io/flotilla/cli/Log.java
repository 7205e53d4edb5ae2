package io.flotilla.cli;

import java.io.PrintWriter;

/**
 * az's console logging: {@code WARNING: …}, {@code ERROR: …}, {@code INFO}/{@code DEBUG} on demand.
 */
public final class Log {
  private final PrintWriter err;
  private final boolean onlyShowErrors;
  private final boolean verbose;
  private final boolean debug;

  Log(PrintWriter err, boolean onlyShowErrors, boolean verbose, boolean debug) {
    this.err = err;
    this.onlyShowErrors = onlyShowErrors;
    this.verbose = verbose || debug;
    this.debug = debug;
  }

  public void warning(String message) {
    if (!onlyShowErrors) {
      err.println("WARNING: " + message);
      err.flush();
    }
  }

  public void info(String message) {
    if (verbose) {
      err.println("INFO: " + message);
      err.flush();
    }
  }

  public void debug(String message) {
    if (debug) {
      err.println("DEBUG: " + message);
      err.flush();
    }
  }

  public boolean debugEnabled() {
    return debug;
  }

  /** Prints an error as az does: the message, then one recommendation per line. */
  static void error(PrintWriter err, CliException e) {
    err.println("ERROR: " + e.getMessage());
    for (String recommendation : e.recommendations()) {
      err.println(recommendation);
    }
    err.flush();
  }
}
