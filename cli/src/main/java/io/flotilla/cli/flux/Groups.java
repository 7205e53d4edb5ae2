package io.flotilla.cli.flux;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Plain command groups ({@code flux get sources}, …): run alone, they print their help. */
final class Groups {
  private Groups() {}

  static CommandLine group(String name, String description, String... aliases) {
    Usage usage = new Usage();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(usage);
    spec.name(name).aliases(aliases).mixinStandardHelpOptions(true);
    spec.usageMessage().description(description);
    usage.line = new CommandLine(spec);
    return usage.line;
  }

  private static final class Usage implements Runnable {
    CommandLine line;

    @Override
    public void run() {
      line.usage(line.getOut());
    }
  }
}
