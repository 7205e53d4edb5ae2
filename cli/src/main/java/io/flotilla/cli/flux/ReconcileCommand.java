package io.flotilla.cli.flux;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code flux reconcile <kind> NAME}: annotate, wait for the controller, report its outcome. */
final class ReconcileCommand extends KindCommand.Named {
  private static final Set<String> FLAGS = Set.of("--with-source", "--force", "--reset");

  @Option(names = "--with-source", description = "reconcile the source first")
  boolean withSource;

  @Option(names = "--force", description = "force a one-off install or upgrade of the release")
  boolean force;

  @Option(names = "--reset", description = "reset the release's retry counter")
  boolean reset;

  private ReconcileCommand(FluxKind kind) {
    super(kind);
  }

  static CommandLine of(FluxKind kind) {
    Set<String> flags =
        switch (kind) {
          case KUSTOMIZATION, HELM_CHART -> Set.of("--with-source");
          case HELM_RELEASE -> FLAGS;
          default -> Set.of();
        };
    return Options.only(new ReconcileCommand(kind), flags, FLAGS);
  }

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    if (name == null) {
      throw new FluxException(kind.kind() + " name is required");
    }
    try (Kube kube = flux.kube()) {
      new Reconciler(kube, flux.logger(), Deadline.after(flux.timeout))
          .reconcile(
              kind, flux.namespace(), name, new Reconciler.Request(withSource, force, reset));
    }
    return 0;
  }
}
