package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code flux create} command shares: its flags, the {@code --export} print (which needs
 * no cluster) and the apply-then-wait with flux's words.
 */
final class Creation {
  final FluxGroup flux;
  final CreateGroup create;
  final String name;
  private final PrintWriter out;

  Creation(CommandSpec spec, String name) {
    this.flux = Parents.find(spec, FluxGroup.class);
    this.create = Parents.find(spec, CreateGroup.class);
    this.name = CreateGroup.checkName(name);
    this.out = spec.commandLine().getOut();
  }

  String namespace() {
    return flux.namespace();
  }

  Logger log() {
    return flux.logger();
  }

  ObjectNode object(FluxKind kind) {
    return create.object(kind.apiVersion(), kind.kind(), name, namespace());
  }

  void export(FluxKind kind, ObjectNode object) {
    Export.print(out, Export.clean(kind, object));
  }

  void print(ObjectNode object) {
    Export.print(out, object);
  }

  /**
   * Applies a source and waits for its artifact: {@code label} is flux's word for it ({@code
   * GitRepository source}, {@code OCIRepository}); {@code before} runs first with the client (the
   * credentials Secret).
   */
  void applySource(FluxKind kind, String label, ObjectNode object, Consumer<Kube> before) {
    try (Kube kube = flux.kube()) {
      before.accept(kube);
      log().action("applying " + label);
      boolean created = Upsert.apply(kube, kind, object);
      log().success(label + (created ? " created" : " updated"));
      log().waiting("waiting for " + label + " reconciliation");
      FluxObject ready = await(kube, kind);
      log().success(label + " reconciliation completed");
      if (ready.isStatic()) {
        return;
      }
      if (!ready.status().has("artifact")) {
        throw new FluxException(
            kind == FluxKind.OCI_REPOSITORY
                ? "no artifact was found"
                : label + " reconciliation completed but no artifact was found");
      }
      log().success("fetched revision: " + ready.revision());
    }
  }

  /** Applies a Kustomization or HelmRelease and waits until it is ready. */
  void applyWorkload(FluxKind kind, ObjectNode object) {
    FluxObject ready = apply(kind, object);
    log().success("applied revision " + ready.revision());
  }

  /** Applies an object and waits until it is ready (at once for the kinds without status). */
  FluxObject apply(FluxKind kind, ObjectNode object) {
    try (Kube kube = flux.kube()) {
      log().action("applying " + kind.kind());
      boolean created = Upsert.apply(kube, kind, object);
      log().success(kind.kind() + (created ? " created" : " updated"));
      log().waiting("waiting for " + kind.kind() + " reconciliation");
      FluxObject ready = await(kube, kind);
      log().success(kind.kind() + " " + name + " is ready");
      return ready;
    }
  }

  private FluxObject await(Kube kube, FluxKind kind) {
    return Deadline.after(flux.timeout)
        .poll(() -> Readiness.check(kube.get(kind, namespace(), name)));
  }
}
