package io.flotilla.cli.flux;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.cli.CliEnvironment;
import picocli.CommandLine;

/** How a flux command's failure reaches the user: flux's {@code ✗ } line and exit code 1. */
final class Failures {
  static final int EXIT = 1;

  private Failures() {}

  static int report(CliEnvironment env, Exception ex) {
    new Logger(env.err()).failure(message(ex));
    return EXIT;
  }

  /** cobra's words for a command line it cannot parse. */
  static int usage(CliEnvironment env, CommandLine.ParameterException ex) {
    new Logger(env.err()).failure(usageMessage(ex));
    return EXIT;
  }

  static String message(Throwable ex) {
    if (ex instanceof FluxException) {
      return ex.getMessage();
    }
    if (ex instanceof KubernetesClientException k) {
      return KubeErrors.describe(k, null);
    }
    return String.valueOf(ex.getMessage());
  }

  private static String usageMessage(CommandLine.ParameterException ex) {
    String path = ex.getCommandLine().getCommandSpec().qualifiedName().replaceFirst("^\\S+ ", "");
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      if (arg.startsWith("--")) {
        return "unknown flag: " + arg.replaceFirst("=.*", "");
      }
      if (arg.startsWith("-") && arg.length() > 1) {
        return "unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg;
      }
      return "unknown command \"" + arg + "\" for \"" + path + "\"";
    }
    if (ex instanceof CommandLine.MissingParameterException missing
        && !missing.getMissing().isEmpty()
        && missing.getMissing().get(0) instanceof CommandLine.Model.OptionSpec option) {
      return "flag needs an argument: " + option.longestName();
    }
    if (ex.getCause() instanceof InvalidFlag invalid && ex.getArgSpec() != null) {
      String flag =
          ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o
              ? o.longestName()
              : ex.getArgSpec().paramLabel();
      return "invalid argument \""
          + invalid.value()
          + "\" for \""
          + flag
          + "\" flag: "
          + invalid.getMessage();
    }
    return ex.getMessage();
  }

  /** A flag value its converter refused, with Go's reason ({@code time: invalid duration "x"}). */
  static final class InvalidFlag extends IllegalArgumentException {
    private final String value;

    InvalidFlag(String value, String reason) {
      super(reason);
      this.value = value;
    }

    String value() {
      return value;
    }
  }
}
