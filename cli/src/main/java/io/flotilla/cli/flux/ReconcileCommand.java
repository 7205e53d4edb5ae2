package io.flotilla.cli.flux;

import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flux reconcile <kind> NAME}: annotate, wait for the controller, report its outcome. */
@Command(mixinStandardHelpOptions = true)
final class ReconcileCommand implements Callable<Integer> {
  private static final Set<String> FLAGS = Set.of("--with-source", "--force", "--reset");
  private final FluxKind kind;
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = "--with-source", description = "reconcile the source first")
  boolean withSource;

  @Option(names = "--force", description = "force a one-off install or upgrade of the release")
  boolean force;

  @Option(names = "--reset", description = "reset the release's retry counter")
  boolean reset;

  private ReconcileCommand(FluxKind kind) {
    this.kind = kind;
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
    FluxGroup flux = Parents.find(spec, FluxGroup.class);
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
