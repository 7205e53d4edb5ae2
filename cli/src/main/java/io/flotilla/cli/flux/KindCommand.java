package io.flotilla.cli.flux;

import picocli.CommandLine.Parameters;

/** A {@code flux <verb> <kind>} command: the kind it works on. */
abstract class KindCommand extends LeafCommand {
  final FluxKind kind;

  KindCommand(FluxKind kind) {
    this.kind = kind;
  }

  /** A command on one object of the kind, named by the optional {@code NAME}. */
  abstract static class Named extends KindCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    Named(FluxKind kind) {
      super(kind);
    }
  }
}
