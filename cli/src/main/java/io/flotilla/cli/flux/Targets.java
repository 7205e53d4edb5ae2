package io.flotilla.cli.flux;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The objects {@code suspend}/{@code resume} act on: names (each once) or {@code --all}. */
final class Targets {
  @Parameters(arity = "0..*", paramLabel = "NAME")
  List<String> names = new ArrayList<>();

  @Option(names = "--all", description = "act on all resources in that namespace")
  boolean all;

  /** The names given, without repeats; empty means every object, which needs {@code --all}. */
  List<String> names(FluxKind kind) {
    if (names.isEmpty() && !all) {
      throw new FluxException(kind.humanKind() + " name is required");
    }
    return new ArrayList<>(new LinkedHashSet<>(names));
  }
}
