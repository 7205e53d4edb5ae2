package io.flotilla.cli.flux;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flux check [--pre]}: the cluster's Kubernetes version against flux's minimum, then the
 * Flux CRDs and their stored versions. Flotilla's controllers run in its own process, not as
 * Deployments, so the controller check names the distribution instead.
 */
@Command(name = "check", description = "Check requirements and installation")
final class CheckCommand extends LeafCommand {
  static final int MIN_MINOR = 30;
  private static final List<String> CRDS =
      List.of(
          "buckets.source.toolkit.fluxcd.io",
          "gitrepositories.source.toolkit.fluxcd.io",
          "helmcharts.source.toolkit.fluxcd.io",
          "helmreleases.helm.toolkit.fluxcd.io",
          "helmrepositories.source.toolkit.fluxcd.io",
          "kustomizations.kustomize.toolkit.fluxcd.io",
          "ocirepositories.source.toolkit.fluxcd.io");

  @Option(names = "--pre", description = "only run pre-installation checks")
  boolean pre;

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    Logger log = flux.logger();
    boolean ok = true;
    try (Kube kube = flux.kube()) {
      log.action("checking prerequisites");
      VersionInfo v = kube.call(() -> kube.client().getKubernetesVersion());
      String version = v.getGitVersion().replaceFirst("^v", "");
      int minor = Integer.parseInt(v.getMinor().replaceAll("\\D", ""));
      if (Integer.parseInt(v.getMajor()) > 1 || minor >= MIN_MINOR) {
        log.success("Kubernetes " + version + " >=1." + MIN_MINOR + ".0-0");
      } else {
        log.failure("Kubernetes version " + version + " does not match >=1." + MIN_MINOR + ".0-0");
        ok = false;
      }
      if (pre) {
        return finish(log, ok);
      }
      log.action("checking version in cluster");
      log.success("distribution: flotilla-v" + VersionCommand.version());
      log.action("checking crds");
      for (String name : CRDS) {
        CustomResourceDefinition crd =
            kube.call(
                () ->
                    kube.client()
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(name)
                        .get());
        if (crd == null) {
          log.failure(name + " not found");
          ok = false;
          continue;
        }
        String stored =
            crd.getSpec().getVersions().stream()
                .filter(CustomResourceDefinitionVersion::getStorage)
                .map(CustomResourceDefinitionVersion::getName)
                .findFirst()
                .orElse("");
        log.success(name + "/" + stored);
      }
    }
    return finish(log, ok);
  }

  private static int finish(Logger log, boolean ok) {
    if (ok) {
      log.success("all checks passed");
      return 0;
    }
    throw new FluxException("check failed");
  }
}
