package io.flotilla.cli.flux;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flux version [--client]}: this CLI's version and, from the cluster, the distribution
 * serving the Flux APIs. Flotilla runs its controllers in its own process, so there are no
 * controller Deployments to list; the line says which distribution answers.
 */
@Command(
    name = "version",
    description = "Print the client and server-side components version information.")
final class VersionCommand extends LeafCommand {
  @Option(names = "--client", description = "print only client version")
  boolean client;

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    PrintWriter out = spec.commandLine().getOut();
    String v = version();
    out.println("flux: v" + v);
    out.flush();
    if (client) {
      return 0;
    }
    try (Kube kube = flux.kube()) {
      kube.list(FluxKind.KUSTOMIZATION, flux.namespace());
      out.println("distribution: flotilla-v" + v);
      out.flush();
    }
    return 0;
  }

  static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
