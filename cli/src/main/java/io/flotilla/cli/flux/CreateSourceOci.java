package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.meta.GoDuration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flux create source oci NAME --url oci://… --tag|--tag-semver|--digest}. */
@Command(name = "oci")
final class CreateSourceOci extends NamedCreate {
  @Option(names = "--url", description = "the OCI repository URL")
  String url;

  @Option(names = "--tag", description = "the OCI artifact tag")
  String tag;

  @Option(names = "--tag-semver", description = "the OCI artifact tag semver range")
  String semver;

  @Option(names = "--digest", description = "the OCI artifact digest")
  String digest;

  @Option(
      names = "--secret-ref",
      description =
          "the name of the Kubernetes image pull secret (type 'kubernetes.io/dockerconfigjson')")
  String secretRef;

  @Option(
      names = "--service-account",
      description =
          "the name of the Kubernetes service account that refers to an image pull secret")
  String serviceAccount;

  @Option(
      names = "--cert-ref",
      description =
          "the name of a secret in the same namespace as the OCIRepository with the TLS material")
  String certRef;

  @Option(
      names = "--provider",
      defaultValue = "generic",
      description = "the OCI provider name, available options are: (generic, aws, azure, gcp)")
  String provider;

  @Option(
      names = "--insecure",
      description = "for when connecting to a non-TLS registries over plain HTTP")
  boolean insecure;

  @Option(
      names = "--ignore-paths",
      split = ",",
      description =
          "set paths to ignore resources (can specify multiple paths with commas: path1,path2)")
  List<String> ignorePaths = new ArrayList<>();

  @Override
  void run(Creation c) {
    if (url == null || url.isEmpty()) {
      throw new FluxException("url is required");
    }
    if (Specs.empty(tag) && Specs.empty(semver) && Specs.empty(digest)) {
      throw new FluxException("--tag, --tag-semver or --digest is required");
    }
    if (!List.of("generic", "aws", "azure", "gcp").contains(provider)) {
      throw new FluxException(
          "invalid argument \""
              + provider
              + "\" for \"--provider\" flag: source OCI provider '"
              + provider
              + "' is not supported, must be one of: generic, aws, azure, gcp");
    }
    ObjectNode repo = c.object(FluxKind.OCI_REPOSITORY);
    ObjectNode spec = repo.putObject("spec");
    spec.put("url", url);
    spec.put("interval", GoDuration.format(c.create.interval));
    if (!provider.equals("generic")) {
      spec.put("provider", provider);
    }
    if (insecure) {
      spec.put("insecure", true);
    }
    if (!ignorePaths.isEmpty()) {
      spec.put("ignore", String.join("\n", ignorePaths));
    }
    ObjectNode ref = spec.putObject("ref");
    Specs.putIf(ref, "digest", digest);
    Specs.putIf(ref, "semver", semver);
    Specs.putIf(ref, "tag", tag);
    Specs.putIf(spec, "serviceAccountName", serviceAccount);
    Specs.putNameRef(spec, "secretRef", secretRef);
    Specs.putNameRef(spec, "certSecretRef", certRef);
    if (c.create.export) {
      c.export(FluxKind.OCI_REPOSITORY, repo);
      return;
    }
    c.applySource(FluxKind.OCI_REPOSITORY, "OCIRepository", repo, kube -> {});
  }
}
