package io.flotilla.cli.flux;

import java.util.List;
import picocli.CommandLine.Mixin;

/** {@code flux suspend <kind> NAME… | --all}: sets {@code spec.suspend} by a merge patch. */
final class SuspendCommand extends KindCommand {
  @Mixin Targets targets;

  SuspendCommand(FluxKind kind) {
    super(kind);
  }

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    List<String> names = targets.names(kind);
    String ns = flux.namespace();
    Logger log = flux.logger();
    try (Kube kube = flux.kube()) {
      List<FluxObject> listed = kube.list(kind, ns);
      if (names.isEmpty()) {
        listed.forEach(o -> setSuspended(kube, log, o, true));
        return 0;
      }
      for (String name : names) {
        var found = listed.stream().filter(o -> o.name().equals(name)).findFirst();
        if (found.isEmpty()) {
          log.failure(kind.kind() + " " + name + " not found in " + ns + " namespace");
          continue;
        }
        try {
          setSuspended(kube, log, found.get(), true);
        } catch (FluxException e) {
          log.failure(
              "failed suspending "
                  + kind.kind()
                  + " "
                  + name
                  + " in "
                  + ns
                  + " namespace: "
                  + e.getMessage());
        }
      }
    }
    return 0;
  }
}
