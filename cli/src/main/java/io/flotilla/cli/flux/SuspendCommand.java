package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        listed.forEach(o -> suspend(kube, log, o));
        return 0;
      }
      for (String name : names) {
        var found = listed.stream().filter(o -> o.name().equals(name)).findFirst();
        if (found.isEmpty()) {
          log.failure(kind.kind() + " " + name + " not found in " + ns + " namespace");
          continue;
        }
        try {
          suspend(kube, log, found.get());
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

  private void suspend(Kube kube, Logger log, FluxObject o) {
    log.action(
        "suspending " + kind.humanKind() + " " + o.name() + " in " + o.namespace() + " namespace");
    ObjectNode patch = Kube.JSON.createObjectNode();
    patch.putObject("spec").put("suspend", true);
    kube.mergePatch(kind, o.namespace(), o.name(), patch);
    log.success(kind.humanKind() + " suspended");
  }
}
