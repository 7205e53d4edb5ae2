package io.flotilla.cli.flux;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flux resume <kind> NAME… | --all}: removes {@code spec.suspend}, then (for one name, or
 * with {@code --wait}) waits until each object is ready, reporting them sorted by name.
 */
final class ResumeCommand extends KindCommand {
  @Mixin Targets targets;

  @Option(
      names = "--wait",
      arity = "0..1",
      fallbackValue = "true",
      description = "waits for one resource to reconcile before moving to the next one")
  Boolean waitFlag;

  ResumeCommand(FluxKind kind) {
    super(kind);
  }

  private record Outcome(FluxObject object, String error) {}

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    List<String> names = targets.names(kind);
    String ns = flux.namespace();
    Logger log = flux.logger();
    boolean wait = waitFlag == null ? names.size() == 1 : waitFlag;
    Deadline deadline = Deadline.after(flux.timeout);
    try (Kube kube = flux.kube()) {
      List<FluxObject> resumed = new ArrayList<>();
      List<FluxObject> listed = kube.list(kind, ns);
      List<String> wanted = names.isEmpty() ? null : names;
      if (wanted == null) {
        if (listed.isEmpty()) {
          log.failure("no " + kind.kind() + " objects found in " + ns + " namespace");
        }
        listed.forEach(o -> resumed.add(setSuspended(kube, log, o, false)));
      } else {
        for (String name : wanted) {
          Optional<FluxObject> o = listed.stream().filter(x -> x.name().equals(name)).findFirst();
          if (o.isEmpty()) {
            log.failure("no " + kind.kind() + " objects found in " + ns + " namespace");
          } else {
            resumed.add(setSuspended(kube, log, o.get(), false));
          }
        }
      }
      if (!wait) {
        return 0;
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (FluxObject o : resumed) {
        log.waiting("waiting for " + kind.kind() + " reconciliation");
        outcomes.add(awaitReady(kube, deadline, o));
      }
      outcomes.sort(Comparator.comparing((Outcome x) -> x.object().name()));
      for (Outcome x : outcomes) {
        if (x.error() != null) {
          log.failure(x.error());
          continue;
        }
        log.success(kind.kind() + " " + x.object().name() + " reconciliation completed");
        log.success(Reconciler.successMessage(x.object()));
      }
    }
    return 0;
  }

  private Outcome awaitReady(Kube kube, Deadline deadline, FluxObject o) {
    try {
      FluxObject ready =
          deadline.poll(() -> Readiness.check(kube.get(kind, o.namespace(), o.name())));
      return new Outcome(ready, null);
    } catch (FluxException e) {
      return new Outcome(o, e.getMessage());
    }
  }
}
