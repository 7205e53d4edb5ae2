package io.flotilla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code flotilla} command line: az's {@code k8s-configuration flux} commands and more. */
public final class Cli {
  private static final List<String> ARGUMENT_ORDER =
      List.of(
          "--resource-group",
          "--cluster-type",
          "--cluster-name",
          "--name",
          "--url",
          "--object-name",
          "--object-namespace",
          "--object-kind");

  private Cli() {}

  /** The root command "flotilla" with all CLI subcommands; the app adds `up`, `server`, ... */
  public static CommandLine commandLine(CliEnvironment env) {
    CommandLine cli = new CommandLine(new Groups.Root(), new Factory(env));
    cli.setOut(env.out());
    cli.setErr(env.err());
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(env.err(), ex));
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          if (ex.getCause() instanceof Choices.InvalidChoice choice && ex.getArgSpec() != null) {
            // az's _check_value: no usage hint, a suggestion when one is close enough.
            env.err().println("ERROR: " + invalidValueMessage(ex.getCommandLine(), ex, choice));
            choice.suggestion().ifPresent(s -> env.err().println("Did you mean '" + s + "' ?"));
          } else {
            env.err().println("ERROR: " + usageMessage(ex));
            env.err()
                .println(
                    "Try '"
                        + ex.getCommandLine().getCommandSpec().qualifiedName()
                        + " --help' for more information.");
          }
          env.err().flush();
          return CliException.USAGE;
        });
    io.flotilla.cli.flux.FluxCli.register(cli, env);
    return cli;
  }

  /** Runs the CLI and returns the exit code: 0 ok, 1 error, 2 usage error, 3 not found. */
  public static int run(CliEnvironment env, String... args) {
    try {
      return commandLine(env).execute(args);
    } finally {
      env.out().flush();
      env.err().flush();
    }
  }

  private static int report(PrintWriter err, Exception ex) {
    if (ex instanceof CliException e) {
      Log.error(err, e);
      return e.exitCode();
    }
    if (ex instanceof java.io.UncheckedIOException e) {
      Log.error(err, CliException.error(e.getMessage()));
      return CliException.ERROR;
    }
    StringWriter trace = new StringWriter();
    ex.printStackTrace(new PrintWriter(trace));
    err.println("ERROR: The command failed with an unexpected error. Here is the traceback:");
    err.println(trace.toString().strip());
    err.println("To open an issue, please include the command and the traceback above.");
    err.flush();
    return CliException.ERROR;
  }

  /** argparse's wording for usage errors, as az prints them. */
  static String usageMessage(CommandLine.ParameterException ex) {
    if (ex instanceof CommandLine.MissingParameterException missing) {
      List<ArgSpec> specs = new ArrayList<>(missing.getMissing());
      specs.sort(Comparator.comparingInt(Cli::argumentRank));
      return "the following arguments are required: "
          + specs.stream().map(Cli::displayName).collect(Collectors.joining(", "));
    }
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
      return "unrecognized arguments: " + String.join(" ", unmatched.getUnmatched());
    }
    return ex.getMessage();
  }

  /** {@code <prog>: '<value>' is not a valid value for '<first option name>'.} */
  static String invalidValueMessage(
      CommandLine command, CommandLine.ParameterException ex, Choices.InvalidChoice choice) {
    ArgSpec spec = ex.getArgSpec();
    String param = spec instanceof OptionSpec option ? option.names()[0] : spec.paramLabel();
    return command.getCommandSpec().qualifiedName()
        + ": '"
        + choice.value()
        + "' is not a valid value for '"
        + param
        + "'.";
  }

  private static int argumentRank(ArgSpec spec) {
    int i = ARGUMENT_ORDER.indexOf(longName(spec));
    return i < 0 ? ARGUMENT_ORDER.size() : i;
  }

  private static String longName(ArgSpec spec) {
    return spec instanceof OptionSpec option ? option.longestName() : spec.paramLabel();
  }

  /** {@code --cluster-name/-c}: long names first, as az lists them. */
  private static String displayName(ArgSpec spec) {
    if (!(spec instanceof OptionSpec option)) {
      return spec.paramLabel();
    }
    List<String> names = new ArrayList<>(List.of(option.names()));
    names.sort(Comparator.comparing((String n) -> n.startsWith("--") ? 0 : 1));
    return String.join("/", names);
  }

  /** Creates commands, handing the environment to those that run against a session. */
  private record Factory(CliEnvironment env) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      K created = CommandLine.defaultFactory().create(type);
      if (created instanceof SessionCommand command) {
        command.env = env;
      }
      return created;
    }
  }
}
