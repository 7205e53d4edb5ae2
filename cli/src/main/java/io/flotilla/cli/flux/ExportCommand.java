package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code flux export <kind> NAME | --all}: the objects as YAML a user can apply elsewhere. */
final class ExportCommand extends KindCommand.Named {
  @Option(names = "--all", description = "select all resources")
  boolean all;

  @Option(names = "--with-credentials", description = "include credential secrets")
  boolean withCredentials;

  private ExportCommand(FluxKind kind) {
    super(kind);
  }

  /** flux offers {@code --with-credentials} on {@code export source …} only. */
  static CommandLine of(FluxKind kind) {
    Set<String> flag = Set.of("--with-credentials");
    return Options.only(new ExportCommand(kind), kind.isSource() ? flag : Set.of(), flag);
  }

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    if (!all && name == null) {
      throw new FluxException("name is required");
    }
    String ns = flux.namespace();
    try (Kube kube = flux.kube()) {
      List<FluxObject> objects = all ? kube.list(kind, ns) : List.of(kube.get(kind, ns, name));
      if (objects.isEmpty()) {
        throw new FluxException("no objects found in " + ns + " namespace");
      }
      for (FluxObject o : objects) {
        Export.print(spec.commandLine().getOut(), Export.clean(kind, o.json()));
        if (withCredentials) {
          credentials(kube, o);
        }
      }
    }
    return 0;
  }

  /** The Secret {@code spec.secretRef} names, as flux exports it: its data and type only. */
  private void credentials(Kube kube, FluxObject o) {
    String secretName = o.spec().path("secretRef").path("name").asText("");
    if (secretName.isEmpty()) {
      return;
    }
    Secret secret =
        kube.call(
            () -> kube.client().secrets().inNamespace(o.namespace()).withName(secretName).get());
    if (secret == null) {
      throw new FluxException(
          "failed to retrieve secret "
              + secretName
              + ", error: secrets \""
              + secretName
              + "\" not found");
    }
    ObjectNode out = Kube.JSON.createObjectNode();
    out.put("apiVersion", "v1");
    out.put("kind", "Secret");
    ObjectNode meta = out.putObject("metadata");
    meta.put("name", secretName);
    meta.put("namespace", o.namespace());
    if (secret.getData() != null && !secret.getData().isEmpty()) {
      out.set("data", Kube.JSON.valueToTree(secret.getData()));
    }
    if (secret.getType() != null && !secret.getType().isEmpty()) {
      out.put("type", secret.getType());
    }
    Export.print(spec.commandLine().getOut(), out);
  }
}
