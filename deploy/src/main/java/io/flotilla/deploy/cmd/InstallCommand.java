package io.flotilla.deploy.cmd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.ForceInstallOption;
import io.flotilla.cli.flux.FluxCli;
import io.flotilla.deploy.install.InstallManifests;
import io.flotilla.deploy.install.InstallOptions;
import io.flotilla.deploy.install.Installer;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla install} (and {@code flotilla flux install}): Flotilla's controller and agent
 * with the CRDs and RBAC, applied to the current kubeconfig's cluster or printed ({@code
 * --export}), as {@code flux install}.
 */
@Command(
    name = "install",
    description =
        "Install or upgrade Flotilla in a cluster (the CRDs, RBAC and the controller and agent"
            + " Deployments), or print the manifests with --export.")
public final class InstallCommand extends DeployCommand {
  @Mixin KubeTarget target;
  @Mixin InstallFlags flags;

  @Option(
      names = "--export",
      description = "Print the install manifests to stdout instead of applying them.")
  boolean export;

  public InstallCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  int run() throws io.flotilla.apply.ApplyException {
    InstallOptions options = flags.options();
    List<HasMetadata> objects = InstallManifests.render(options);
    if (export) {
      env.out().print(InstallFlags.exported(options, objects));
      return 0;
    }
    progress("✚ generating manifests");
    progress("✔ manifests build completed");
    try (KubernetesClient client = target.client(env)) {
      Installer installer = new Installer(client, this::progress);
      installer.check(options, objects, flags.force.force());
      progress("► installing components in " + options.namespace() + " namespace");
      installer.apply(objects, flags.timeout());
    }
    progress("✔ install finished");
    return 0;
  }

  /** The flags install and bootstrap share. */
  static final class InstallFlags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
        names = {"--namespace", "-n"},
        defaultValue = "flux-system",
        description = "The namespace to install into (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
        names = "--registry",
        defaultValue = InstallOptions.DEFAULT_REGISTRY,
        description =
            "Container registry the Flotilla image is pulled from: <registry>/flotilla:<version>"
                + " (default: ${DEFAULT-VALUE}).")
    String registry;

    @Option(
        names = "--version",
        description = "Flotilla version to install (default: this CLI's version).")
    String version;

    @Option(names = "--image", description = "The whole image reference; overrides --registry.")
    String image;

    @Option(
        names = "--image-pull-secret",
        description = "A Secret in the namespace to pull the image with.")
    String imagePullSecret;

    @Option(
        names = "--timeout",
        defaultValue = "5m",
        converter = Durations.class,
        description = "How long to wait for the Deployments to be ready (default: 5m).")
    Duration timeout;

    @Mixin ForceInstallOption force;

    InstallOptions options() {
      InstallOptions d = InstallOptions.defaults();
      String v =
          version == null ? d.version() : version.startsWith("v") ? version.substring(1) : version;
      FluxCli.GlobalFlags global = FluxCli.flagsIfUnder(mixee);
      return d.withNamespace(global == null ? namespace : global.namespace())
          .withVersion(v)
          .withImage(image != null ? image : registry + "/flotilla:" + v)
          .withImagePullSecret(imagePullSecret);
    }

    /** How long to wait: this command's --timeout, or the flux group's under flux. */
    Duration timeout() {
      FluxCli.GlobalFlags global = FluxCli.flagsIfUnder(mixee);
      return global == null ? timeout : global.timeout();
    }

    static String exported(InstallOptions options, List<HasMetadata> objects) {
      return "---\n# Flotilla version: "
          + options.version()
          + "\n# Components: controller,agent\n"
          + InstallManifests.yaml(objects).substring("---\n".length());
    }
  }
}
