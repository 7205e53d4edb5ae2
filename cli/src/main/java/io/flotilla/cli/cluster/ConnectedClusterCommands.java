package io.flotilla.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ClusterInstaller;
import io.flotilla.cli.CommonOptions;
import io.flotilla.cli.Session;
import io.flotilla.cli.arm.ArmClient;
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
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flotilla connectedk8s connect|list|show|delete}: az's Arc onboarding, against the
 * configuration service. {@code connect} registers the cluster and hands out the agent's identity;
 * running the agent in the cluster is {@code flotilla agent}'s job.
 */
public final class ConnectedClusterCommands {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final String API_VERSION = ArmClient.CLUSTER_API_VERSION;
  private static final Pattern NAME =
      Pattern.compile("^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$");

  private ConnectedClusterCommands() {}

  abstract static class Base implements Callable<Integer> {
    @Mixin CommonOptions common;
    final CliEnvironment env;

    Base(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public final Integer call() {
      run(Session.open(env, common));
      return 0;
    }

    abstract void run(Session session);

    static String path(Session s, String resourceGroup, String name) {
      return "/subscriptions/"
          + s.arm().subscription()
          + "/resourceGroups/"
          + resourceGroup
          + "/providers/Microsoft.Kubernetes/connectedClusters"
          + (name == null ? "" : "/" + name);
    }
  }

  @Command(
      name = "connect",
      mixinStandardHelpOptions = true,
      description = "Onboard a connected kubernetes cluster to the Flotilla service.")
  public static final class Connect extends Base {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "The name of the connected cluster.")
    String name;

    @Option(
        names = {"--resource-group", "-g"},
        required = true,
        description = "Name of resource group")
    String resourceGroup;

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

    @Option(
        names = "--force",
        description =
            "Install even where Flux or another Flotilla already runs, taking their objects over.")
    boolean force;

    @Option(
        names = "--agent-server",
        description =
            "The service's URL as the cluster's agent reaches it (default: this CLI's server).")
    String agentServer;

    @Option(
        names = "--agent-token-file",
        description = "Write the agent's token to this file (mode 0600) instead of printing it.")
    Path agentTokenFile;

    @Option(
        names = {"--yes", "-y"},
        description = "Do not prompt for confirmation.")
    boolean yes;

    Connect(CliEnvironment env) {
      super(env);
    }

    @Override
    void run(Session session) {
      validateName(name);
      String path = path(session, resourceGroup, name);
      ClusterInstaller.Target target =
          kubeConfig == null && kubeContext == null
              ? null
              : new ClusterInstaller.Target(kubeConfig, kubeContext);
      if (dryRun) {
        env.out()
            .print(
                installer()
                    .export(
                        new ClusterInstaller.AgentIdentity(
                            agentServer(session),
                            "<issued by connectedk8s connect>",
                            "<issued by connectedk8s connect>",
                            caPem())));
        return;
      }
      if (target != null) {
        refusedAsError(() -> installer().check(env, target, force));
      }
      ObjectNode body = F.objectNode();
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
        session.arm().get(path, API_VERSION);
        exists = true;
      } catch (ArmHttpException e) {
        if (e.status() != 404) throw e;
        exists = false;
      }
      if (exists) {
        // az asks before re-onboarding; here a new agent token replaces the old one.
        session.confirm(
            yes,
            "The cluster '"
                + name
                + "' is already connected. Connecting it again issues a new agent token and the"
                + " current agent stops working until it gets it. Do you want to continue?");
      }
      JsonNode cluster = session.arm().put(path, API_VERSION, body).body();
      JsonNode credential = session.arm().post(path + "/issueAgentToken", API_VERSION, null).body();
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
     * Installs into the cluster; a failure removes the registration this connect made, so nothing
     * is left half-done.
     */
    private void install(
        Session session,
        ClusterInstaller.Target target,
        boolean existed,
        String path,
        String clusterId,
        String token) {
      try {
        installer()
            .install(
                env,
                target,
                new ClusterInstaller.AgentIdentity(agentServer(session), clusterId, token, caPem()),
                force,
                line -> session.log().warning(line));
      } catch (RuntimeException e) {
        if (!existed) {
          session.arm().delete(path, API_VERSION, "");
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

  static ClusterInstaller installer() {
    return ClusterInstaller.find()
        .orElseThrow(
            () ->
                CliException.error(
                    "Error! Installing into a cluster needs the flotilla app (the deploy module);"
                        + " this CLI was built without it."));
  }

  static void refusedAsError(Runnable action) {
    try {
      action.run();
    } catch (ClusterInstaller.Refused e) {
      throw CliException.error("Error! " + e.getMessage());
    }
  }

  static void validateName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw CliException.invalid(
          "Error! Invalid --name '" + name + "'",
          "Use 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List connected kubernetes clusters.")
  public static final class List extends Base {
    @Option(
        names = {"--resource-group", "-g"},
        description = "Name of resource group (default: the whole subscription)")
    String resourceGroup;

    List(CliEnvironment env) {
      super(env);
    }

    @Override
    void run(Session session) {
      String path =
          resourceGroup == null
              ? "/subscriptions/"
                  + session.arm().subscription()
                  + "/providers/Microsoft.Kubernetes/connectedClusters"
              : path(session, resourceGroup, null);
      JsonNode body = session.arm().get(path, API_VERSION).body();
      ArrayNode out = F.arrayNode();
      if (body != null) body.path("value").forEach(r -> out.add(Output.flatten(r)));
      session.output().print(out, Tables.CONNECTED_CLUSTER);
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show details of a connected cluster.")
  public static final class Show extends Base {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "The name of the connected cluster.")
    String name;

    @Option(
        names = {"--resource-group", "-g"},
        required = true,
        description = "Name of resource group")
    String resourceGroup;

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    void run(Session session) {
      JsonNode body = session.arm().get(path(session, resourceGroup, name), API_VERSION).body();
      session.output().print(Output.flatten(body), Tables.CONNECTED_CLUSTER);
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description =
          "Delete a connected kubernetes cluster along with its configurations and extensions.")
  public static final class Delete extends Base {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "The name of the connected cluster.")
    String name;

    @Option(
        names = {"--resource-group", "-g"},
        required = true,
        description = "Name of resource group")
    String resourceGroup;

    @Option(names = "--force", description = "Force delete the connected cluster resource.")
    boolean force;

    @Option(
        names = {"--yes", "-y"},
        description = "Do not prompt for confirmation.")
    boolean yes;

    @Option(
        names = "--no-wait",
        description = "Do not wait for the long-running operation to finish.")
    boolean noWait;

    Delete(CliEnvironment env) {
      super(env);
    }

    @Option(
        names = {"--kube-config", "--kubeconfig"},
        description = "Path to the kube config file: remove the agent and controllers from it.")
    Path kubeConfig;

    @Option(names = "--kube-context", description = "Kubconfig context (with --kube-config).")
    String kubeContext;

    @Override
    void run(Session session) {
      session.confirm(yes, "Are you sure you want to perform this operation?");
      if (kubeConfig != null || kubeContext != null) {
        // the agent goes first, so it stops polling for a cluster that is about to disappear
        refusedAsError(
            () ->
                installer()
                    .uninstall(
                        env,
                        new ClusterInstaller.Target(kubeConfig, kubeContext),
                        line -> session.log().warning(line)));
      }
      session.arm().delete(path(session, resourceGroup, name), API_VERSION, "");
    }
  }
}
