package io.flotilla.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import java.io.IOException;
import java.nio.file.Path;

/** `flotilla up` as the tutorial's cluster (flux-demo-rg / flux-demo-arc), and the CLI for it. */
record TutorialCluster(Flotilla flotilla, CliRun cli) implements AutoCloseable {
  static TutorialCluster start(Path dir) throws IOException {
    Flotilla flotilla = Flotilla.start(options(InProcessUp.options(dir)));
    return new TutorialCluster(flotilla, InProcessUp.cli(flotilla, dir));
  }

  /** The tutorial's cluster, flux-demo-rg/flux-demo-arc, on {@code up}. */
  static UpOptions options(UpOptions up) {
    return up.withCluster("flux-demo-rg", "flux-demo-arc");
  }

  /** {@code k8s-configuration flux <verb> -g flux-demo-rg -c flux-demo-arc -t … <rest>}. */
  static String[] flux(String verb, String... rest) {
    return ClusterArgs.flux("flux-demo-rg", "flux-demo-arc", verb, rest);
  }

  /** {@code k8s-extension <verb> -g flux-demo-rg -c flux-demo-arc -t … <rest>}. */
  static String[] extension(String verb, String... rest) {
    return ClusterArgs.of("k8s-extension", "flux-demo-rg", "flux-demo-arc", verb, rest);
  }

  /**
   * The tutorial's {@code flux create} of {@code cluster-config} for {@code url}: infra and apps
   * (depending on infra), both pruning. The one difference: {@code --interval 2s}, so that a test
   * sees commits within seconds rather than the default 10 minutes.
   */
  static String[] create(String url, String infraPath, String appsPath) {
    return create("flux-demo-rg", "flux-demo-arc", "cluster-config", url, infraPath, appsPath);
  }

  /** {@link #create(String, String, String)} from {@code flotilla}'s sample repository. */
  static String[] create(Flotilla flotilla) {
    return create(flotilla.sampleUrl(), "./infrastructure", "./apps/staging");
  }

  /** The same configuration, named {@code name} in namespace {@code name}, on any cluster. */
  static String[] create(
      String resourceGroup,
      String cluster,
      String name,
      String url,
      String infraPath,
      String appsPath) {
    return ClusterArgs.flux(
        resourceGroup,
        cluster,
        "create",
        ClusterArgs.clusterScoped(
            name,
            url,
            "--interval",
            "2s",
            "--kustomization",
            "name=infra",
            "path=" + infraPath,
            "prune=true",
            "--kustomization",
            "name=apps",
            "path=" + appsPath,
            "prune=true",
            "dependsOn=[\"infra\"]"));
  }

  /** The tutorial's podinfo Deployment, in namespace podinfo. */
  static Resource<Deployment> podinfo(KubernetesClient kube) {
    return kube.apps().deployments().inNamespace("podinfo").withName("podinfo");
  }

  @Override
  public void close() {
    flotilla.close();
  }
}
