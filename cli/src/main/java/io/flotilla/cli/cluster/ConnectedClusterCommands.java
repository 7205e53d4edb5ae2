package io.flotilla.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ClusterInstaller;
import io.flotilla.cli.NoWaitOption;
import io.flotilla.cli.ResourceGroupOption;
import io.flotilla.cli.Session;
import io.flotilla.cli.SessionCommand;
import io.flotilla.cli.YesOption;
import io.flotilla.cli.arm.ArmClient;
import io.flotilla.cli.output.Output;
import io.flotilla.cli.output.Tables;
import java.nio.file.Path;
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
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final String API_VERSION = ArmClient.CLUSTER_API_VERSION;
  private static final Pattern NAME =
      Pattern.compile("^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$");

  private ConnectedClusterCommands() {}

  abstract static class Base extends SessionCommand {
    /** The connected clusters of the subscription or of {@code resourceGroup}, or one of them. */
    static String path(Session s, String resourceGroup, String name) {
      return "/subscriptions/"
          + s.arm().subscription()
          + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup)
          + "/providers/Microsoft.Kubernetes/connectedClusters"
          + (name == null ? "" : "/" + name);
    }
  }

  /** A command on one connected cluster, named by {@code --name} and {@code -g}. */
  abstract static class Named extends Base {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "The name of the connected cluster.")
    String name;

    @Mixin ResourceGroupOption resourceGroup;

    String path(Session session) {
      return path(session, resourceGroup.name(), name);
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

  @Command(name = "list", description = "List connected kubernetes clusters.")
  public static final class List extends Base {
    @Option(
        names = {"--resource-group", "-g"},
        description = "Name of resource group (default: the whole subscription)")
    String resourceGroup;

    @Override
    protected void run(Session session) {
      JsonNode body = session.arm().get(path(session, resourceGroup, null), API_VERSION).body();
      ArrayNode out = F.arrayNode();
      if (body != null) body.path("value").forEach(r -> out.add(Output.flatten(r)));
      session.output().print(out, Tables.CONNECTED_CLUSTER);
    }
  }

  @Command(name = "show", description = "Show details of a connected cluster.")
  public static final class Show extends Named {
    @Override
    protected void run(Session session) {
      JsonNode body = session.arm().get(path(session), API_VERSION).body();
      session.output().print(Output.flatten(body), Tables.CONNECTED_CLUSTER);
    }
  }

  @Command(
      name = "delete",
      description =
          "Delete a connected kubernetes cluster along with its configurations and extensions.")
  public static final class Delete extends Named {
    @Option(names = "--force", description = "Force delete the connected cluster resource.")
    boolean force;

    @Mixin YesOption yes;

    @Mixin NoWaitOption wait;

    @Option(
        names = {"--kube-config", "--kubeconfig"},
        description = "Path to the kube config file: remove the agent and controllers from it.")
    Path kubeConfig;

    @Option(names = "--kube-context", description = "Kubconfig context (with --kube-config).")
    String kubeContext;

    @Override
    protected void run(Session session) {
      yes.confirm(session, "Are you sure you want to perform this operation?");
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
      session.arm().delete(path(session), API_VERSION, "");
    }
  }
}
