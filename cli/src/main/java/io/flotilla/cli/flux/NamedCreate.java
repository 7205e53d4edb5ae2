package io.flotilla.cli.flux;

import picocli.CommandLine.Parameters;

/** A {@code flux create} command: the object's NAME and the shared create flags. */
abstract class NamedCreate extends LeafCommand {
  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Override
  public final Integer call() {
    run(new Creation(spec, name));
    return 0;
  }

  abstract void run(Creation c);
}
