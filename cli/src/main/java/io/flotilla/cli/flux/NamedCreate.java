package io.flotilla.cli.flux;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A {@code flux create} command: the object's NAME and the shared create flags. */
abstract class NamedCreate implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Override
  public final Integer call() {
    run(new Creation(spec, name));
    return 0;
  }

  abstract void run(Creation c);
}
