package io.flotilla.cli.flux;

import java.io.PrintWriter;

/** flux's stderr logger: one symbol per kind of line. */
record Logger(PrintWriter err) {
  void action(String message) {
    line("►", message);
  }

  void generate(String message) {
    line("✚", message);
  }

  void waiting(String message) {
    line("◎", message);
  }

  void success(String message) {
    line("✔", message);
  }

  void warning(String message) {
    line("⚠️", message);
  }

  void failure(String message) {
    line("✗", message);
  }

  private void line(String symbol, String message) {
    err.println(symbol + " " + message);
    err.flush();
  }
}
