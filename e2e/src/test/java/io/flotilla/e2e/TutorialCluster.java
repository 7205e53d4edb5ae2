package io.flotilla.e2e;

import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import io.flotilla.cli.CliConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** `flotilla up` as the tutorial's cluster (flux-demo-rg / flux-demo-arc), and the CLI for it. */
record TutorialCluster(Flotilla flotilla, CliRun cli) implements AutoCloseable {
  static TutorialCluster start(Path dir) throws IOException {
    Flotilla flotilla =
        Flotilla.start(
            UpOptions.defaults()
                .withPort(0)
                .withGitPort(0)
                .withDataDir(dir.resolve("data"))
                .withCluster("flux-demo-rg", "flux-demo-arc")
                .withAgentPollWait(Duration.ofSeconds(5)));
    Path config = dir.resolve("cli-config");
    new CliConfig(flotilla.serviceUrl(), flotilla.adminToken(), flotilla.subscription())
        .save(config);
    return new TutorialCluster(flotilla, new CliRun(config, dir));
  }

  /** {@code k8s-configuration flux <verb> -g flux-demo-rg -c flux-demo-arc -t … <rest>}. */
  static String[] flux(String verb, String... rest) {
    return command(List.of("k8s-configuration", "flux"), verb, rest);
  }

  /** {@code k8s-extension <verb> -g flux-demo-rg -c flux-demo-arc -t … <rest>}. */
  static String[] extension(String verb, String... rest) {
    return command(List.of("k8s-extension"), verb, rest);
  }

  private static String[] command(List<String> group, String verb, String... rest) {
    List<String> args = new ArrayList<>(group);
    args.addAll(List.of(verb.split(" ")));
    args.addAll(List.of("-g", "flux-demo-rg", "-c", "flux-demo-arc", "-t", "connectedClusters"));
    args.addAll(List.of(rest));
    return args.toArray(String[]::new);
  }

  /**
   * The tutorial's {@code flux create} of {@code cluster-config} for {@code url}: infra and apps
   * (depending on infra), both pruning. The one difference: {@code --interval 2s}, so that a test
   * sees commits within seconds rather than the default 10 minutes.
   */
  static String[] create(String url, String infraPath, String appsPath) {
    return create("flux-demo-rg", "flux-demo-arc", "cluster-config", url, infraPath, appsPath);
  }

  /** The same configuration, named {@code name} in namespace {@code name}, on any cluster. */
  static String[] create(
      String resourceGroup,
      String cluster,
      String name,
      String url,
      String infraPath,
      String appsPath) {
    return new String[] {
      "k8s-configuration",
      "flux",
      "create",
      "-g",
      resourceGroup,
      "-c",
      cluster,
      "-t",
      "connectedClusters",
      "-n",
      name,
      "--namespace",
      name,
      "--scope",
      "cluster",
      "-u",
      url,
      "--branch",
      "main",
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
      "dependsOn=[\"infra\"]"
    };
  }

  @Override
  public void close() {
    flotilla.close();
  }
}
