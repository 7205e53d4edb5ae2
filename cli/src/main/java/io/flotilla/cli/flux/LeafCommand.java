package io.flotilla.cli.flux;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@code flux …} command that runs: its place in the tree and the {@code flux} flags above. */
@Command(mixinStandardHelpOptions = true)
abstract class LeafCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The {@code flux} command, holder of the global flags. */
  FluxGroup flux() {
    return Parents.find(spec, FluxGroup.class);
  }
}
