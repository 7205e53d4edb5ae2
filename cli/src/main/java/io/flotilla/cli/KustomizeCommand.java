package io.flotilla.cli;

import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
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
    mixinStandardHelpOptions = true,
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
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      boolean none;
      switch (loadRestrictor) {
        case "LoadRestrictionsRootOnly", "rootOnly" -> none = false;
        case "LoadRestrictionsNone", "none" -> none = true;
        default -> {
          err.println("Error: illegal flag value --load-restrictor " + loadRestrictor);
          err.flush();
          return 1;
        }
      }
      KustomizeOptions options =
          KustomizeOptions.defaults()
              .withGenerateKustomization(false)
              .withLoadRestrictionsNone(none)
              .withEnableHelm(enableHelm);
      String yaml;
      try {
        Path target = dir.toAbsolutePath().normalize();
        yaml = Kustomizer.create(options).buildYaml(Path.of("/"), target);
      } catch (KustomizeException e) {
        // all or nothing: an error never leaves partial output on stdout
        err.println("Error: " + e.getMessage());
        err.flush();
        return 1;
      }
      out.print(yaml);
      out.flush();
      return 0;
    }
  }
}
