package io.flotilla.cli;

import picocli.CommandLine.Option;

/** az's global arguments, accepted by every command. */
public final class CommonOptions {
  @Option(
      names = {"--output", "-o"},
      converter = Choices.Output.class,
      description = "Output format: json (default), table, tsv, yaml, none")
  String output;

  @Option(
      names = {"--query"},
      description = "JMESPath query string, e.g. \"[].name\"")
  String query;

  @Option(
      names = {"--subscription"},
      description = "Subscription id (default: from the Flotilla config or FLOTILLA_SUBSCRIPTION)")
  String subscription;

  @Option(
      names = {"--debug"},
      description = "Increase logging verbosity to show all debug logs (secrets are masked)")
  boolean debug;

  @Option(
      names = {"--verbose"},
      description = "Increase logging verbosity")
  boolean verbose;

  @Option(
      names = {"--only-show-errors"},
      description = "Only show errors, suppressing warnings")
  boolean onlyShowErrors;
}
