package io.flotilla.cli.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Groups;
import io.flotilla.cli.Session;
import io.flotilla.cli.SessionCommand;
import io.flotilla.cli.YesOption;
import io.flotilla.cli.arm.ArmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flotilla k8s-configuration flux assignment create|show|list|delete}: one flux
 * configuration template applied to every cluster of a subscription or resource group (Flotilla's
 * fluxConfigurationAssignments, see docs/assignments.md). {@code show} carries the compliance
 * summary.
 */
public final class AssignmentCommands {
  static final String API_VERSION = "2025-04-01";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private AssignmentCommands() {}

  @Command(
      name = "assignment",
      description =
          "Commands to apply a Flux v2 configuration to every cluster of a subscription or"
              + " resource group (Flotilla extension).",
      subcommands = {
        Create.class,
        Show.class,
        ListCommand.class,
        Delete.class,
        RolloutCommands.Group.class
      })
  public static final class Group extends Groups.Group {}

  abstract static class Base extends SessionCommand {
    @Option(
        names = {"--resource-group", "-g"},
        description = "Resource group scope (default: the whole subscription).")
    String resourceGroup;

    String collection(Session s) {
      return "/subscriptions/"
          + s.arm().subscription()
          + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup)
          + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurationAssignments";
    }

    /** Prints what the service answered. */
    static void print(Session s, ArmClient.Response response) {
      s.output().print(response.body(), null);
    }

    /** The resource {@code name} of the collection. */
    String path(Session s, String name) {
      return collection(s) + "/" + name;
    }

    /** Prints the resource {@code name}. */
    void show(Session s, String name) {
      print(s, s.arm().get(path(s, name), API_VERSION));
    }

    /** PUTs {@code body} as resource {@code name} and prints what the service made of it. */
    void put(Session s, String name, JsonNode body) {
      print(s, s.arm().put(path(s, name), API_VERSION, body));
    }

    /** Prints every resource of the collection. */
    void list(Session s) {
      s.output().print(s.arm().get(collection(s), API_VERSION).body().path("value"), null);
    }
  }

  /** A command on one assignment, named by {@code --name}. */
  abstract static class Named extends Base {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "Name of the assignment.")
    String name;
  }

  @Command(name = "create", description = "Create or update an assignment.")
  static final class Create extends Named {
    @Option(
        names = "--configuration-name",
        required = true,
        description = "Name of the flux configuration created on every cluster in scope.")
    String configurationName;

    @Option(
        names = "--template",
        required = true,
        description =
            "The configuration's properties as in a fluxConfigurations PUT: JSON, or @file.")
    String template;

    @Option(
        names = "--cluster-type",
        split = ",",
        description =
            "connectedClusters, managedClusters, provisionedClusters (default: the first two).")
    List<String> clusterTypes;

    @Option(
        names = "--match-tags",
        split = ",",
        description = "Only clusters with these tags: key=value[,key=value].")
    List<String> matchTags;

    @Option(
        names = "--drift-policy",
        description = "Revert (default) or Keep: what a hand edit of an owned configuration gets.")
    String driftPolicy;

    @Option(
        names = "--cluster-tag-substitutions",
        description = "Each cluster tag becomes a postBuild substitution variable.")
    boolean tagSubstitutions;

    @Option(names = "--rollout-mode", description = "Immediate (default) or Staged (by rollouts).")
    String rolloutMode;

    @Override
    protected void run(Session session) {
      ObjectNode body = F.objectNode();
      ObjectNode p = body.putObject("properties");
      p.put("configurationName", configurationName);
      if (clusterTypes != null) {
        ArrayNode types = p.putArray("clusterTypes");
        clusterTypes.forEach(types::add);
      }
      if (matchTags != null) {
        ObjectNode tags = p.putObject("clusterSelector").putObject("matchTags");
        for (String kv : matchTags) {
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw CliException.usage(
                "usage error: --match-tags takes key=value pairs, e.g. env=prod,region=west");
          }
          tags.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      if (driftPolicy != null) {
        p.put("driftPolicy", driftPolicy);
      }
      if (tagSubstitutions) {
        p.put("clusterTagSubstitutions", true);
      }
      p.put("rolloutMode", rolloutMode);
      p.set("template", properties("--template", template));
      put(session, name, body);
    }
  }

  /**
   * A JSON object option given inline or as {@code @file}; a whole fluxConfiguration resource is
   * accepted too, its properties being what counts.
   */
  static JsonNode properties(String option, String text) {
    if (text.startsWith("@")) {
      try {
        text = Files.readString(Path.of(text.substring(1)));
      } catch (IOException e) {
        throw CliException.error(
            "Cannot read the " + option + " file " + text.substring(1) + ": " + e.getMessage());
      }
    }
    try {
      JsonNode node = ArmClient.JSON.readTree(text);
      if (!node.isObject()) {
        throw CliException.usage("usage error: " + option + " must be a JSON object");
      }
      return node.has("properties") ? node.get("properties") : node;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw CliException.usage(
          "usage error: " + option + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  @Command(name = "show", description = "Show an assignment with its compliance summary.")
  static final class Show extends Named {
    @Override
    protected void run(Session session) {
      show(session, name);
    }
  }

  @Command(
      name = "list",
      description = "List the assignments at the subscription (or resource group) scope.")
  static final class ListCommand extends Base {
    @Override
    protected void run(Session session) {
      list(session);
    }
  }

  @Command(
      name = "delete",
      description =
          "Delete an assignment and the configurations it created (or keep them, no longer owned).")
  static final class Delete extends Named {
    @Option(
        names = "--keep-configurations",
        description = "Leave the configurations on the clusters, as if made by hand.")
    boolean keep;

    @Mixin YesOption yes;

    @Override
    protected void run(Session session) {
      session.arm().delete(path(session, name), API_VERSION, keep ? "keepConfigurations=true" : "");
    }
  }
}
