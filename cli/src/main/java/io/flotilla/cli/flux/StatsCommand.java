package io.flotilla.cli.flux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flux stats [-A]}: per reconciler kind, how many run, fail and are suspended, and the
 * artifacts' storage. Kinds the cluster does not serve (alerts, images) count zero, as in flux.
 */
@Command(name = "stats", description = "Stats of Flux reconciles")
final class StatsCommand extends LeafCommand {
  /** Kinds flux lists that Flotilla does not serve yet: always zero. */
  private static final List<String> UNSERVED =
      List.of(
          "Alert",
          "Provider",
          "Receiver",
          "ImageUpdateAutomation",
          "ImagePolicy",
          "ImageRepository");

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "list the statistics for objects across all namespaces")
  boolean allNamespaces;

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    List<List<String>> rows = new ArrayList<>();
    try (Kube kube = flux.kube()) {
      for (FluxKind kind :
          List.of(
              FluxKind.GIT_REPOSITORY,
              FluxKind.OCI_REPOSITORY,
              FluxKind.HELM_REPOSITORY,
              FluxKind.HELM_CHART,
              FluxKind.BUCKET,
              FluxKind.KUSTOMIZATION,
              FluxKind.HELM_RELEASE)) {
        List<FluxObject> objects;
        try {
          objects = kube.list(kind, allNamespaces ? null : flux.namespace());
        } catch (FluxException e) {
          objects = List.of();
        }
        long suspended = objects.stream().filter(FluxObject::suspended).count();
        long failing =
            objects.stream()
                .filter(
                    o ->
                        o.ready().map(c -> c.path("status").asText().equals("False")).orElse(false))
                .count();
        long size =
            objects.stream()
                .mapToLong(o -> o.status().path("artifact").path("size").asLong(0))
                .sum();
        rows.add(
            List.of(
                kind.kind(),
                Long.toString(objects.size() - suspended),
                Long.toString(failing),
                Long.toString(suspended),
                size(size)));
      }
    }
    UNSERVED.forEach(k -> rows.add(List.of(k, "0", "0", "0", "-")));
    Table.print(
        spec.commandLine().getOut(),
        List.of("Reconcilers", "Running", "Failing", "Suspended", "Storage"),
        rows);
    return 0;
  }

  /** flux's sizes: {@code -} for none, bytes below 1 KiB, else one decimal and a binary unit. */
  static String size(long b) {
    if (b == 0) {
      return "-";
    }
    if (b < 1024) {
      return b + " B";
    }
    long div = 1024;
    int exp = 0;
    for (long n = b / 1024; n >= 1024; n /= 1024) {
      div *= 1024;
      exp++;
    }
    return String.format(Locale.ROOT, "%.1f %ciB", (double) b / div, "KMGTPE".charAt(exp));
  }
}
