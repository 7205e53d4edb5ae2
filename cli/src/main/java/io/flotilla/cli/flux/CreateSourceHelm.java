package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.meta.GoDuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flux create source helm NAME --url https://…|oci://…}: a HelmRepository. */
@Command(name = "helm")
final class CreateSourceHelm extends NamedCreate {
  @Option(names = "--url", description = "Helm repository address")
  String url;

  @Mixin AuthFlags.Basic auth;

  @Mixin AuthFlags.Tls tls;

  @Option(
      names = "--secret-ref",
      description = "the name of an existing secret containing TLS or basic auth credentials")
  String secretRef;

  @Option(
      names = "--pass-credentials",
      description = "pass credentials to all domains",
      arity = "0..1")
  boolean passCredentials;

  @Override
  void run(Creation c) {
    if (url == null || url.isEmpty()) {
      throw new FluxException("url is required");
    }
    String scheme = GitUrl.scheme(url);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("oci")) {
      throw new FluxException("url parse failed: invalid URL scheme '" + scheme + "'");
    }
    ObjectNode repo = c.object(FluxKind.HELM_REPOSITORY);
    ObjectNode spec = repo.putObject("spec");
    spec.put("url", url);
    spec.put("interval", GoDuration.format(c.create.interval));
    if (scheme.equals("oci")) {
      spec.put("type", "oci");
    }
    if (passCredentials) {
      spec.put("passCredentials", true);
    }
    Specs.putNameRef(spec, "secretRef", secretRef);
    if (c.create.export) {
      c.export(FluxKind.HELM_REPOSITORY, repo);
      return;
    }
    c.log().generate("generating HelmRepository source");
    Credentials credentials = tls.add(auth.credentials(null));
    c.applySource(
        FluxKind.HELM_REPOSITORY,
        "HelmRepository source",
        repo,
        kube -> {
          if (Specs.empty(secretRef) && credentials.any()) {
            credentials.apply(kube, c, name);
            spec.putObject("secretRef").put("name", name);
          }
        });
  }
}
