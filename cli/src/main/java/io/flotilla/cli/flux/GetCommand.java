package io.flotilla.cli.flux;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flux get <kind> [NAME]} and the {@code all} variants: flux's status table per kind. An
 * empty result is a {@code ✗} line but not a failure, as in flux.
 */
final class GetCommand extends LeafCommand {
  private final List<FluxKind> kinds;
  private final boolean all;

  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = "--show-source", description = "show the source reference for each helmrelease")
  boolean showSource;

  private GetCommand(List<FluxKind> kinds, boolean all) {
    this.kinds = kinds;
    this.all = all;
  }

  static CommandLine of(FluxKind kind) {
    Set<String> showSource = Set.of("--show-source");
    return Options.only(
        new GetCommand(List.of(kind), false),
        kind == FluxKind.HELM_RELEASE ? showSource : Set.of(),
        showSource);
  }

  /** {@code get sources all} and {@code get all}: several tables, each row named kind/name. */
  static CommandLine all(List<FluxKind> kinds) {
    return Options.only(new GetCommand(kinds, true), Set.of(), Set.of("--show-source"));
  }

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    GetGroup flags = Parents.find(spec, GetGroup.class);
    if (all && flags.watch) {
      throw new FluxException("expected a single resource type, but found all");
    }
    Rows rows = new Rows(flags, showSource);
    try (Kube kube = flux.kube()) {
      String ns = flags.allNamespaces ? null : flux.namespace();
      if (flags.watch) {
        new TableWatch(kube, kinds.get(0), ns, name, rows, flux).run(spec.commandLine().getOut());
        return 0;
      }
      for (FluxKind kind : kinds) {
        try {
          print(kube, kind, ns, flux, rows);
        } catch (Kube.NoMatch e) {
          if (!all) {
            throw e;
          }
        } catch (FluxException e) {
          if (!all) {
            throw e;
          }
          flux.logger().failure(e.getMessage());
        }
      }
    }
    return 0;
  }

  private void print(Kube kube, FluxKind kind, String ns, FluxGroup flux, Rows rows) {
    List<FluxObject> found = new ArrayList<>();
    for (FluxObject o : kube.list(kind, ns)) {
      if (name == null || o.name().equals(name)) {
        found.add(o);
      }
    }
    String where = ns == null ? "any" : "\"" + ns + "\"";
    if (found.isEmpty()) {
      if (name != null) {
        flux.logger()
            .failure(kind.kind() + " object '" + name + "' not found in " + where + " namespace");
      } else if (!all) {
        flux.logger().failure("no " + kind.kind() + " objects found in " + where + " namespace");
      }
      return;
    }
    PrintWriter out = spec.commandLine().getOut();
    Table.print(out, rows.header(kind), rows.rows(found, all));
    if (all) {
      out.println();
      out.flush();
    }
  }
}
