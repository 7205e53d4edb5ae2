package io.flotilla.cli.flux;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flux export <kind> NAME | --all}: the objects as YAML a user can apply elsewhere. */
@Command(mixinStandardHelpOptions = true)
final class ExportCommand implements Callable<Integer> {
  private final FluxKind kind;
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = "--all", description = "select all resources")
  boolean all;

  ExportCommand(FluxKind kind) {
    this.kind = kind;
  }

  @Override
  public Integer call() {
    FluxGroup flux = Parents.find(spec, FluxGroup.class);
    if (!all && name == null) {
      throw new FluxException("name is required");
    }
    String ns = flux.namespace();
    try (Kube kube = flux.kube()) {
      List<FluxObject> objects = all ? kube.list(kind, ns) : List.of(kube.get(kind, ns, name));
      if (objects.isEmpty()) {
        throw new FluxException("no objects found in " + ns + " namespace");
      }
      for (FluxObject o : objects) {
        Export.print(spec.commandLine().getOut(), Export.clean(kind, o.json()));
      }
    }
    return 0;
  }
}
