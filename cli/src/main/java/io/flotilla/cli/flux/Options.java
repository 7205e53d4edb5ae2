package io.flotilla.cli.flux;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Keeps on a command only the flags flux offers for that kind. */
final class Options {
  private Options() {}

  static CommandLine only(Object command, Set<String> keep, Set<String> optional) {
    CommandLine line = new CommandLine(command);
    for (OptionSpec o : line.getCommandSpec().options().toArray(OptionSpec[]::new)) {
      String name = o.longestName();
      if (optional.contains(name) && !keep.contains(name)) {
        line.getCommandSpec().remove(o);
      }
    }
    return line;
  }
}
