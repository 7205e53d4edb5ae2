package io.flotilla.cli.assignment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Groups;
import io.flotilla.cli.Session;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla k8s-configuration flux [assignment] rollout create|show|list|pause|resume|abort|
 * rollback}: a change taken to clusters wave by wave (docs/assignments.md). With {@code
 * --assignment}, an assignment's template revision ({@code fluxConfigurationAssignments/rollouts});
 * without, a patch of one configuration across clusters ({@code fluxConfigurationRollouts}). One
 * group serves both places in the command tree.
 */
public final class RolloutCommands {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RolloutCommands() {}

  @Command(
      name = "rollout",
      description =
          "Commands to roll a change out in waves, gated on health and bake times: an"
              + " assignment's new template (--assignment), or a patch of a configuration across"
              + " clusters (Flotilla extension).",
      subcommands = {
        Create.class,
        Show.class,
        ListCommand.class,
        Pause.class,
        Resume.class,
        Abort.class,
        Rollback.class
      })
  public static final class Group extends Groups.Group {}

  /**
   * A command on rollouts at a scope: an assignment's ({@code --assignment}), or the scope's
   * configuration rollouts.
   */
  abstract static class Base extends AssignmentCommands.Base {
    @Option(
        names = "--assignment",
        description =
            "Name of the assignment whose rollouts these are (omit for rollouts of a"
                + " configuration change).")
    String assignment;

    @Override
    String collection(Session s) {
      return assignment == null
          ? super.collection(s).replace("fluxConfigurationAssignments", "fluxConfigurationRollouts")
          : super.collection(s) + "/" + assignment + "/rollouts";
    }
  }

  /** A command on one rollout, named by {@code --name}. */
  abstract static class Named extends Base {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "Name of the rollout.")
    String name;
  }

  @Command(
      name = "create",
      description =
          "Start rolling the assignment's latest (or --target-revision) template out, wave by"
              + " wave.")
  static final class Create extends Named {
    @Option(
        names = "--wave",
        required = true,
        description =
            "A wave, in order: NAME:clusters=c1,c2[;max-unavailable=N|N%%][;bake=SECONDS] or"
                + " NAME:tags=key=value[,key=value][;…]. Repeat for each wave.")
    List<String> waves;

    @Option(names = "--target-revision", description = "The assignment revision to roll out.")
    Long targetRevision;

    @Option(
        names = "--rollback-on-failure",
        description = "When a wave fails, give the started waves the last good revision again.")
    boolean rollbackOnFailure;

    @Option(
        names = "--configuration-name",
        description = "Without --assignment: the flux configuration to change on each cluster.")
    String configurationName;

    @Option(
        names = "--patch",
        description =
            "Without --assignment: the change, a FluxConfigurationPatch as JSON or @file, e.g."
                + " '{\"gitRepository\":{\"repositoryRef\":{\"tag\":\"v2\"}}}'.")
    String patch;

    @Override
    protected void run(Session session) {
      ObjectNode body = F.objectNode();
      ObjectNode p = body.putObject("properties");
      if ((assignment == null) != (configurationName != null && patch != null)) {
        throw CliException.usage(
            assignment == null
                ? "usage error: a rollout of a configuration change needs --configuration-name and"
                    + " --patch (or give --assignment to roll an assignment's template out)"
                : "usage error: --configuration-name and --patch are for a rollout of a"
                    + " configuration change; an assignment's rollout takes its template revision");
      }
      if (assignment == null) {
        p.put("configurationName", configurationName);
        p.set("patch", AssignmentCommands.properties("--patch", patch));
      }
      if (targetRevision != null) {
        p.put("targetRevision", targetRevision);
      }
      if (rollbackOnFailure) {
        p.put("rollbackOnFailure", true);
      }
      ArrayNode list = p.putArray("waves");
      waves.forEach(w -> list.add(WaveArgument.parse(w)));
      put(session, name, body);
    }
  }

  @Command(
      name = "show",
      description = "Show a rollout: its state, current wave and every cluster's revision.")
  static final class Show extends Named {
    @Override
    protected void run(Session session) {
      show(session, name);
    }
  }

  @Command(name = "list", description = "List the rollouts of an assignment.")
  static final class ListCommand extends Base {
    @Override
    protected void run(Session session) {
      list(session);
    }
  }

  /** pause, resume, abort, rollback: an ARM POST action on the rollout, named as the command. */
  abstract static class Act extends Named {
    @Spec CommandSpec spec;

    @Override
    protected void run(Session session) {
      String action = path(session, name) + "/" + spec.name();
      print(session, session.arm().post(action, AssignmentCommands.API_VERSION, null));
    }
  }

  @Command(
      name = "pause",
      description = "Pause a rollout (a baking wave's bake clock stands still).")
  static final class Pause extends Act {}

  @Command(
      name = "resume",
      description =
          "Resume a paused rollout where it stopped (a baking wave bakes what it had left).")
  static final class Resume extends Act {}

  @Command(
      name = "abort",
      description = "Stop a rollout for good; every cluster keeps the revision it has.")
  static final class Abort extends Act {}

  @Command(
      name = "rollback",
      description = "Give the clusters of the started waves the last good revision again.")
  static final class Rollback extends Act {}
}
