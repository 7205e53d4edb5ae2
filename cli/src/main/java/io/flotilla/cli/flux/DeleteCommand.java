package io.flotilla.cli.flux;

import picocli.CommandLine.Option;

/** {@code flux delete <kind> NAME [--silent]}: asks first unless silent, as flux does. */
final class DeleteCommand extends KindCommand.Named {
  @Option(
      names = {"-s", "--silent"},
      description = "delete resource without asking for confirmation")
  boolean silent;

  DeleteCommand(FluxKind kind) {
    super(kind);
  }

  @Override
  public Integer call() throws java.io.IOException {
    FluxGroup flux = flux();
    if (name == null) {
      throw new FluxException(kind.humanKind() + " name is required");
    }
    String ns = flux.namespace();
    Logger log = flux.logger();
    try (Kube kube = flux.kube()) {
      kube.get(kind, ns, name);
      if (!silent) {
        flux.env
            .err()
            .print("? Are you sure you want to delete this " + kind.humanKind() + "? [y/N] ");
        flux.env.err().flush();
        String answer = flux.env.in().readLine();
        if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
          flux.env.err().println();
          throw new FluxException("aborting");
        }
      }
      log.action("deleting " + kind.humanKind() + " " + name + " in " + ns + " namespace");
      kube.delete(kind, ns, name);
      log.success(kind.humanKind() + " deleted");
    }
    return 0;
  }
}
