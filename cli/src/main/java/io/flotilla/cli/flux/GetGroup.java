package io.flotilla.cli.flux;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code flux get}: its flags apply to every {@code get} subcommand. */
@Command(name = "get", description = "The get sub-commands print the statuses of Flux resources.")
final class GetGroup extends io.flotilla.cli.Groups.Group {
  @Option(
      names = {"-A", "--all-namespaces"},
      scope = ScopeType.INHERIT,
      description = "list the requested object(s) across all namespaces")
  boolean allNamespaces;

  @Option(
      names = "--no-header",
      scope = ScopeType.INHERIT,
      description = "skip the header when printing the results")
  boolean noHeader;

  @Option(
      names = {"-w", "--watch"},
      scope = ScopeType.INHERIT,
      description = "After listing/getting the requested object, watch for changes.")
  boolean watch;

  @Option(
      names = "--status-selector",
      scope = ScopeType.INHERIT,
      description =
          "specify the status condition name and the desired state to filter the get result,"
              + " e.g. ready=false")
  String statusSelector;
}
