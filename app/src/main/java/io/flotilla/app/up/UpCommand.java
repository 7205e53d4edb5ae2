package io.flotilla.app.up;

import io.flotilla.cli.CliConfig;
import io.flotilla.cli.CliEnvironment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flotilla up}: the whole system in one JVM, until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Run the configuration service, an embedded cluster with its agent and controllers, and a sample repository.")
public final class UpCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port of the configuration service (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--git-port",
      defaultValue = "-1",
      description = "Port of the sample Git repository (default: service port + 1).")
  int gitPort;

  @Option(
      names = "--data-dir",
      defaultValue = ".flotilla",
      description = "Where state is kept (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--artifact-port",
      defaultValue = "-1",
      description =
          "Port of the controllers' artifact server (default: the one the data dir remembers,"
              + " else service port + 2).")
  int artifactPort;

  @Option(
      names = "--cluster-name",
      description =
          "Name of the connected cluster (default: the one the data dir serves, else local).")
  String clusterName;

  @Option(
      names = "--resource-group",
      description =
          "Resource group of the cluster (default: the one the data dir serves, else local).")
  String resourceGroup;

  @Option(
      names = "--replace-cluster",
      description =
          "Serve the cluster named by --cluster-name/--resource-group although the data dir"
              + " served another; nothing of the other is deleted.")
  boolean replaceCluster;

  @Option(
      names = "--kubeconfig",
      description = "Use this cluster instead of the embedded Kubernetes API.")
  Path kubeconfig;

  public UpCommand(CliEnvironment env) {
    this.env = env;
  }

  /** A one-line reason, with the flag that fixes the common case of a port already taken. */
  static String startFailure(Throwable e, UpOptions options) {
    if (e instanceof StartRefused) {
      return e.getMessage();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || String.valueOf(t.getMessage()).contains("already in use")) {
        return "a port is already in use (service "
            + options.port()
            + ", sample repository "
            + options.effectiveGitPort()
            + ", artifact server "
            + (options.artifactPort() >= 0 ? options.artifactPort() : "remembered or service + 2")
            + "); stop the other process or choose others with --port, --git-port and"
            + " --artifact-port";
      }
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  @Override
  public Integer call() throws Exception {
    UpOptions options =
        UpOptions.defaults()
            .withPort(port)
            .withGitPort(gitPort)
            .withArtifactPort(artifactPort)
            .withDataDir(dataDir)
            .withCluster(resourceGroup, clusterName)
            .withReplaceCluster(replaceCluster)
            .withKubeconfig(kubeconfig);
    PrintWriter out = env.out();
    out.println("flotilla: starting (data dir " + dataDir.toAbsolutePath().normalize() + ")");
    out.flush();
    Flotilla flotilla;
    try {
      flotilla = Flotilla.start(options);
    } catch (Exception e) {
      env.err().println("flotilla up: cannot start: " + startFailure(e, options));
      env.err().flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  flotilla.close();
                  stopped.countDown();
                },
                "flotilla-shutdown"));
    Path config = CliConfig.defaultPath(env);
    new CliConfig(flotilla.serviceUrl(), flotilla.adminToken(), flotilla.subscription())
        .save(config);
    out.println();
    out.println("Flotilla is up.");
    out.println("  configuration service  " + flotilla.serviceUrl());
    out.println("  cluster                " + flotilla.clusterRef().resourceId());
    out.println(
        "  kubeconfig             "
            + flotilla.kubeconfig()
            + "   (kubectl --kubeconfig "
            + flotilla.kubeconfig()
            + " get ns)");
    out.println(
        "  sample repository      "
            + flotilla.sampleUrl()
            + "   (working copy: "
            + flotilla.sampleDir()
            + ")");
    out.println("  chart repository       " + flotilla.chartsUrl());
    out.println(
        "  metrics and probes     "
            + flotilla.serviceUrl()
            + "/metrics, /healthz, /readyz   (Prometheus text; no token needed)");
    if (flotilla.receiverUrl() != null) {
      out.println("  notification receiver  " + flotilla.receiverUrl() + "/hook/…");
    }
    out.println("  CLI settings           " + config);
    out.println();
    out.println("Create a configuration for the sample, from another terminal:");
    out.println();
    String launcher = env.env().getOrDefault("FLOTILLA_LAUNCHER", "flotilla");
    out.println("  " + flotilla.sampleCreateCommand(launcher));
    out.println();
    out.println(
        "Then: "
            + launcher
            + " k8s-configuration flux show -g "
            + flotilla.clusterRef().resourceGroup()
            + " -c "
            + flotilla.clusterRef().clusterName()
            + " -n cluster-config -t connectedClusters");
    out.println("Press Ctrl-C to stop; `flotilla up` again resumes where this one stopped.");
    out.flush();
    stopped.await();
    return 0;
  }
}
