package io.flotilla.cli;

import java.util.List;

/**
 * A failure reported to the user the way az does: {@code ERROR: <message>} on stderr, then each
 * recommendation on its own line, and an exit code (1 error, 2 usage error, 3 resource not found).
 */
public class CliException extends RuntimeException {
  public static final int ERROR = 1;
  static final int USAGE = 2;
  public static final int NOT_FOUND = 3;

  private final List<String> recommendations;
  private final int exitCode;

  public CliException(String message, List<String> recommendations, int exitCode) {
    super(message);
    this.recommendations = List.copyOf(recommendations);
    this.exitCode = exitCode;
  }

  /** An invalid value or combination of values: az's {@code InvalidArgumentValueError} family. */
  public static CliException invalid(String message, String recommendation) {
    return new CliException(message, recs(recommendation), ERROR);
  }

  public static CliException error(String message) {
    return new CliException(message, List.of(), ERROR);
  }

  public static CliException usage(String message) {
    return new CliException(message, List.of(), USAGE);
  }

  static CliException notFound(String message, String recommendation) {
    return new CliException(message, recs(recommendation), NOT_FOUND);
  }

  private static List<String> recs(String recommendation) {
    return recommendation == null || recommendation.isEmpty() ? List.of() : List.of(recommendation);
  }

  public List<String> recommendations() {
    return recommendations;
  }

  public int exitCode() {
    return exitCode;
  }
}
