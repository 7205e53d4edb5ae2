package io.flotilla.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * What is wrong with an H2 store file, said so that an operator can act on it. A damaged or empty
 * file is never opened as a new, empty store: that would look like every configuration deleted.
 */
final class H2Files {
  static final int FILE_CORRUPTED = 90030;
  static final int FILE_VERSION_ERROR = 90048;
  static final int DATABASE_ALREADY_OPEN = 90020;

  private H2Files() {}

  /** {@code <dir>/flotilla.mv.db} of a {@code jdbc:h2:file:<dir>/flotilla;…} URL, else null. */
  static Path file(String url) {
    if (!url.startsWith("jdbc:h2:file:")) {
      return null;
    }
    String base = url.substring("jdbc:h2:file:".length());
    int semi = base.indexOf(';');
    return Path.of((semi < 0 ? base : base.substring(0, semi)) + ".mv.db");
  }

  /** H2 would silently start a new store over an empty file (one truncated to nothing). */
  static void refuseEmpty(String url) {
    Path file = file(url);
    try {
      if (file != null && Files.isRegularFile(file) && Files.size(file) == 0) {
        throw new StoreFileException(
            "The configuration store "
                + file
                + " is empty (0 bytes): it was truncated, so its configurations are gone from it."
                + " Nothing was started or changed. "
                + recovery(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the configuration store " + file, e);
    }
  }

  /** A clear reason for a failure to open the store, or {@code e} itself when it is no file's. */
  static RuntimeException explain(String url, RuntimeException e) {
    Path file = file(url);
    for (Throwable t = e; t != null && file != null; t = t.getCause()) {
      if (!(t instanceof SQLException sql)) {
        continue;
      }
      String cause = firstLine(deepest(sql).getMessage());
      switch (sql.getErrorCode()) {
        case FILE_CORRUPTED, FILE_VERSION_ERROR -> {
          return new StoreFileException(
              "The configuration store "
                  + file
                  + " cannot be read ("
                  + cause
                  + "). Nothing was started or changed. "
                  + recovery(file),
              e);
        }
        case DATABASE_ALREADY_OPEN -> {
          return new StoreFileException(
              "The configuration store "
                  + file
                  + " is in use by another process (another `flotilla up` or `flotilla server`"
                  + " on the same data dir); stop it, or give this one another --data-dir.",
              e);
        }
        default -> {}
      }
    }
    return e;
  }

  private static String recovery(Path file) {
    return "Restore "
        + file.getFileName()
        + " from a backup; or recover what H2 can read with its Recover tool (java -cp"
        + " h2-*.jar org.h2.tools.Recover -dir "
        + file.getParent()
        + " -db flotilla) and run the script it writes into a new store; or, to start with an"
        + " empty store and lose every configuration kept there, move "
        + file
        + " aside.";
  }

  private static Throwable deepest(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** The store file cannot be used as it is; the message says why and what to do. */
  static final class StoreFileException extends IllegalStateException {
    StoreFileException(String message) {
      super(message);
    }

    StoreFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
