package io.flotilla.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ClusterInstaller;
import io.flotilla.cli.ForceInstallOption;
import io.flotilla.cli.Session;
import io.flotilla.cli.YesOption;
import io.flotilla.cli.arm.ArmHttpException;
import io.flotilla.cli.output.Output;
import io.flotilla.cli.output.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code connectedk8s connect}: registers the cluster, issues its agent token and installs the
 * agent.
 */
@Command(
    name = "connect",
    description = "Onboard a connected kubernetes cluster to the Flotilla service.")
public final class ConnectCommand extends ConnectedClusterCommands.Named {
  @Option(
      names = {"--location", "-l"},
      description = "Location. Default: 'local'.")
  String location;

  @Option(
      names = "--distribution",
      description =
          "The Kubernetes distribution which will be running on this connected cluster. Default: generic.")
  String distribution;

  @Option(
      names = "--infrastructure",
      description =
          "The infrastructure on which the Kubernetes cluster represented by this connected cluster will be running on. Default: generic.")
  String infrastructure;

  @Option(
      names = "--tags",
      arity = "1..*",
      paramLabel = "KEY=VALUE",
      description = "Space-separated tags: key[=value] [key[=value] ...].")
  java.util.List<String> tags;

  @Option(
      names = {"--kube-config", "--kubeconfig"},
      description =
          "Path to the kube config file: install the agent and controllers into that cluster.")
  Path kubeConfig;

  @Option(
      names = "--kube-context",
      description = "Kubconfig context from current machine (with --kube-config).")
  String kubeContext;

  @Option(
      names = {"--dry-run", "--export"},
      description =
          "Print the manifests connect would install, registering nothing and applying nothing.")
  boolean dryRun;

  @Mixin ForceInstallOption force;

  @Option(
      names = "--agent-server",
      description =
          "The service's URL as the cluster's agent reaches it (default: this CLI's server).")
  String agentServer;

  @Option(
      names = "--agent-token-file",
      description = "Write the agent's token to this file (mode 0600) instead of printing it.")
  Path agentTokenFile;

  @Mixin YesOption yes;

  @Override
  protected void run(Session session) {
    ConnectedClusterCommands.validateName(name);
    String path = path(session);
    ClusterInstaller.Target target =
        kubeConfig == null && kubeContext == null
            ? null
            : new ClusterInstaller.Target(kubeConfig, kubeContext);
    if (dryRun) {
      env.out()
          .print(
              ConnectedClusterCommands.installer()
                  .export(
                      new ClusterInstaller.AgentIdentity(
                          agentServer(session),
                          "<issued by connectedk8s connect>",
                          "<issued by connectedk8s connect>",
                          caPem())));
      return;
    }
    if (target != null) {
      ConnectedClusterCommands.refusedAsError(
          () -> ConnectedClusterCommands.installer().check(env, target, force.force()));
    }
    ObjectNode body = ConnectedClusterCommands.F.objectNode();
    body.put("location", location == null ? "local" : location.toLowerCase(Locale.ROOT));
    if (tags != null) {
      ObjectNode t = body.putObject("tags");
      for (String tag : tags) {
        int eq = tag.indexOf('=');
        t.put(eq < 0 ? tag : tag.substring(0, eq), eq < 0 ? "" : tag.substring(eq + 1));
      }
    }
    body.putObject("identity").put("type", "SystemAssigned");
    ObjectNode p = body.putObject("properties");
    p.put("distribution", distribution == null ? "generic" : distribution);
    session.log().warning("This operation might take a while...");
    boolean exists;
    try {
      session.arm().get(path, ConnectedClusterCommands.API_VERSION);
      exists = true;
    } catch (ArmHttpException e) {
      if (e.status() != 404) throw e;
      exists = false;
    }
    if (exists) {
      // az asks before re-onboarding; here a new agent token replaces the old one.
      yes.confirm(
          session,
          "The cluster '"
              + name
              + "' is already connected. Connecting it again issues a new agent token and the"
              + " current agent stops working until it gets it. Do you want to continue?");
    }
    JsonNode cluster = session.arm().put(path, ConnectedClusterCommands.API_VERSION, body).body();
    JsonNode credential =
        session
            .arm()
            .post(path + "/issueAgentToken", ConnectedClusterCommands.API_VERSION, null)
            .body();
    String clusterId = credential.path("clusterId").asText();
    String token = credential.path("token").asText();
    if (target != null) {
      install(session, target, exists, path, clusterId, token);
      session.output().print(Output.flatten(cluster), Tables.CONNECTED_CLUSTER);
      return;
    }
    String agentCommand =
        "flotilla agent --server " + session.arm().server() + " --cluster-id " + clusterId;
    if (agentTokenFile != null) {
      writePrivate(agentTokenFile, token);
      session
          .log()
          .warning(
              "The agent's token is in "
                  + agentTokenFile
                  + ". Run the agent in the cluster with: "
                  + agentCommand
                  + " --token-file "
                  + agentTokenFile);
    } else {
      session.log().warning("Agent cluster id: " + clusterId);
      session.log().warning("Agent token (shown once; keep it secret): " + token);
      session
          .log()
          .warning(
              "Save the token in a file and run the agent in the cluster with: "
                  + agentCommand
                  + " --token-file <file>");
    }
    session.output().print(Output.flatten(cluster), Tables.CONNECTED_CLUSTER);
  }

  /**
   * Installs into the cluster; a failure removes the registration this connect made, so nothing is
   * left half-done.
   */
  private void install(
      Session session,
      ClusterInstaller.Target target,
      boolean existed,
      String path,
      String clusterId,
      String token) {
    try {
      ConnectedClusterCommands.installer()
          .install(
              env,
              target,
              new ClusterInstaller.AgentIdentity(agentServer(session), clusterId, token, caPem()),
              force.force(),
              line -> session.log().warning(line));
    } catch (RuntimeException e) {
      if (!existed) {
        session.arm().delete(path, ConnectedClusterCommands.API_VERSION, "");
      }
      throw CliException.error(
          "Error! Installing into the cluster failed: "
              + e.getMessage()
              + (existed ? "" : " (the cluster's registration was removed again)"));
    }
    session
        .log()
        .warning(
            "The agent and controllers run in the cluster; the agent's token is in the Secret"
                + " flux-system/flotilla-agent.");
  }

  private String agentServer(Session session) {
    return agentServer != null ? agentServer : session.arm().server();
  }

  /** The CA bundle the CLI trusts for the service, handed to the agent as well. */
  private String caPem() {
    String ca = env.getenv(io.flotilla.api.tls.CaBundle.ENV);
    if (ca == null) return null;
    try {
      return Files.readString(Path.of(ca));
    } catch (IOException e) {
      throw CliException.error("Error! Cannot read the CA bundle " + ca + ": " + e.getMessage());
    }
  }

  static void writePrivate(Path file, String token) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.deleteIfExists(file);
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(
          file,
          token + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw CliException.error(
          "Error! Cannot write the agent token to " + file + ": " + e.getMessage());
    }
  }
}
