package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Parameters;

/** A {@code flux <verb> <kind>} command: the kind it works on. */
abstract class KindCommand extends LeafCommand {
  final FluxKind kind;

  KindCommand(FluxKind kind) {
    this.kind = kind;
  }

  /** Sets or removes {@code spec.suspend} by a merge patch, logging as flux does. */
  FluxObject setSuspended(Kube kube, Logger log, FluxObject o, boolean suspended) {
    String where = kind.humanKind() + " " + o.name() + " in " + o.namespace() + " namespace";
    log.action((suspended ? "suspending " : "resuming ") + where);
    ObjectNode patch = Kube.JSON.createObjectNode();
    ObjectNode spec = patch.putObject("spec");
    if (suspended) {
      spec.put("suspend", true);
    } else {
      spec.putNull("suspend");
    }
    FluxObject after = kube.mergePatch(kind, o.namespace(), o.name(), patch);
    log.success(kind.humanKind() + (suspended ? " suspended" : " resumed"));
    return after;
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
