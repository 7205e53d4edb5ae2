package io.flotilla.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla kustomize build DIR}: prints what {@code kubectl kustomize DIR} prints. */
@Command(
    name = "kustomize",
    description = "Build kustomizations, as kustomize v5 does.",
    subcommands = {KustomizeCommand.Build.class})
final class KustomizeCommand extends Groups.Group {

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = "Print the configuration built from a kustomization directory.")
  static final class Build implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = ".", paramLabel = "DIR")
    Path dir;

    @Option(names = "--enable-helm", description = "Enable use of the Helm chart inflator.")
    boolean enableHelm;

    @Option(
        names = "--load-restrictor",
        defaultValue = "LoadRestrictionsRootOnly",
        description = "LoadRestrictionsRootOnly (default) or LoadRestrictionsNone.")
    String loadRestrictor;

    @Override
    public Integer call() {
      return KustomizeBuild.run(
          dir,
          enableHelm,
          loadRestrictor,
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
  }
}
