package io.flotilla.deploy.cmd;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.flux.FluxCli;
import io.flotilla.deploy.install.InstallRefused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --kubeconfig} and {@code --context}, as kubectl and flux resolve them. */
public final class KubeTarget {
  @Option(
      names = "--kubeconfig",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", description = "The kubeconfig context to use.")
  String context;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** A client for the chosen cluster; watches over HTTP streaming, as kubectl's. */
  KubernetesClient client(CliEnvironment env) {
    FluxCli.GlobalFlags global = FluxCli.flagsIfUnder(mixee);
    return global == null
        ? client(env, kubeconfig, context)
        : client(env, global.kubeconfig(), global.context());
  }

  public static KubernetesClient client(CliEnvironment env, Path kubeconfig, String context) {
    Path file = kubeconfig;
    if (file == null && env.env().get("KUBECONFIG") != null) {
      file = Path.of(env.env().get("KUBECONFIG").split(java.io.File.pathSeparator)[0]);
    }
    if (file == null && Files.exists(env.home().resolve(".kube/config"))) {
      file = env.home().resolve(".kube/config");
    }
    Config config;
    if (file == null) {
      config = Config.autoConfigure(context); // in-cluster
    } else {
      try {
        config = Config.fromKubeconfig(context, Files.readString(file), file.toString());
      } catch (IOException e) {
        throw new InstallRefused("cannot read the kubeconfig " + file + ": " + e.getMessage());
      } catch (RuntimeException e) {
        throw new InstallRefused("the kubeconfig " + file + " is not usable: " + e.getMessage());
      }
    }
    config.setOnlyHttpWatches(true);
    config.setConnectionTimeout(10_000);
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
