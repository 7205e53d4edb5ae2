package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.cli.Choices;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Durations;
import io.flotilla.cli.NoWaitOption;
import io.flotilla.cli.Session;
import io.flotilla.cli.output.Output;
import io.flotilla.cli.output.Tables;
import java.util.Collections;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flux kustomization create|update|delete|list|show}: PATCHes of one kustomization. */
public final class FluxKustomizationCommands {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private FluxKustomizationCommands() {}

  /** PATCHes one kustomization of configuration {@code name} and prints the result. */
  static void patchKustomization(
      Session session,
      ClusterRef ref,
      String name,
      JsonNode current,
      String kustomizationName,
      KustomizationDefinition definition,
      boolean noWait) {
    Map<String, KustomizationDefinition> one =
        Collections.singletonMap(kustomizationName, definition);
    FluxConfigurationProperties properties =
        FluxConfigurationProperties.of(b -> b.kustomizations = one);
    ObjectNode patch = KustomizationArgs.body(properties, Map.of());
    JsonNode result = FluxService.of(session).patch(ref, name, patch, current, noWait);
    session.output().print(Output.fluxConfiguration(result), null);
  }

  abstract static class Named extends FluxCommand.Named {
    @Option(
        names = {"--kustomization-name", "-k"},
        required = true,
        description = "Specify the name of the kustomization to target")
    String kustomizationName;

    boolean exists(JsonNode current) {
      return current.path("properties").path("kustomizations").has(kustomizationName);
    }
  }

  /** The fields create and update share; only given ones are sent. */
  abstract static class Writing extends Named {
    @Option(
        names = {"--path"},
        description = "Specify the path in the source that the kustomization should apply")
    String path;

    @Option(
        names = {"--depends", "--dependencies", "--depends-on"},
        description = "Comma-separated list of kustomization dependencies")
    String dependencies;

    @Option(
        names = {"--timeout"},
        description = "Maximum time to reconcile the kustomization before timing out")
    String timeout;

    @Option(
        names = {"--interval", "--sync-interval"},
        description = "Time between reconciliations of the kustomization on the cluster")
    String syncInterval;

    @Option(
        names = {"--retry-interval"},
        description =
            "Time between reconciliations of the kustomization on the cluster on failures,"
                + " defaults to --sync-interval")
    String retryInterval;

    @Option(
        names = {"--prune"},
        arity = "0..1",
        fallbackValue = "true",
        converter = Choices.ThreeState.class,
        parameterConsumer = Choices.ThreeStateConsumer.class,
        description = "Garbage collect resources deployed by the kustomization on the cluster")
    Boolean prune;

    @Option(
        names = {"--force"},
        arity = "0..1",
        fallbackValue = "true",
        converter = Choices.ThreeState.class,
        parameterConsumer = Choices.ThreeStateConsumer.class,
        description = "Re-create resources that cannot be updated on the cluster (i.e. jobs)")
    Boolean force;

    @Option(
        names = {"--disable-health-check"},
        arity = "0..1",
        fallbackValue = "true",
        converter = Choices.ThreeState.class,
        parameterConsumer = Choices.ThreeStateConsumer.class,
        description = "Disable health checks for kustomizations applied to the cluster.")
    Boolean disableHealthCheck;

    @Mixin NoWaitOption wait;

    KustomizationDefinition definition(String defaultPath) {
      Long t = Durations.parse("--timeout", timeout);
      Long s = Durations.parse("--sync-interval", syncInterval);
      Long r = Durations.parse("--retry-interval", retryInterval);
      return new KustomizationDefinition(
          null,
          path != null ? path : defaultPath,
          dependencies != null && !dependencies.isEmpty()
              ? KustomizationArgs.parseDependencies(dependencies)
              : null,
          t,
          s,
          r,
          prune,
          force,
          !Boolean.TRUE.equals(disableHealthCheck),
          null,
          null);
    }

    /** The path a new kustomization gets without {@code --path}; null to send none. */
    abstract String defaultPath();

    /** Refuses the command when the kustomization's existence does not allow it. */
    abstract void check(boolean exists);

    @Override
    protected final void run(Session session) {
      ClusterRef ref = ref(session);
      KustomizationDefinition def = definition(defaultPath());
      JsonNode current = FluxService.of(session).show(ref, name);
      check(exists(current));
      patchKustomization(session, ref, name, current, kustomizationName, def, wait.noWait());
    }
  }

  @Command(
      name = "create",
      description = "Create a Kustomization associated with a Flux v2 Kubernetes configuration.")
  public static final class Create extends Writing {
    @Override
    String defaultPath() {
      return "";
    }

    @Override
    void check(boolean exists) {
      if (exists) {
        throw CliException.invalid(
            "Error! Cannot create a kustomization that already exists. Kustomization name '"
                + kustomizationName
                + "' already exists on configuration '"
                + name
                + "'",
            "You can update an already created kustomization with 'flotilla k8s-configuration"
                + " flux kustomization update'");
      }
    }
  }

  @Command(
      name = "update",
      description = "Update a Kustomization associated with a Flux v2 Kubernetes configuration.")
  public static final class Update extends Writing {
    @Override
    String defaultPath() {
      return null;
    }

    @Override
    void check(boolean exists) {
      if (!exists) {
        throw CliException.invalid(
            "Error! Cannot update a kustomization that doesn't exist. Kustomization name '"
                + kustomizationName
                + "' does not exist on configuration '"
                + name
                + "'",
            "You can add the kustomization to the configuration with 'flotilla"
                + " k8s-configuration flux kustomization create'");
      }
    }
  }

  @Command(
      name = "delete",
      description = "Delete a Kustomization associated with a Flux v2 Kubernetes configuration.")
  public static final class Delete extends Named {
    @Mixin NoWaitOption wait;

    @Mixin ConfirmOption yes;

    @Override
    protected void run(Session session) {
      ClusterRef ref = ref(session);
      yes.confirm(session, "Are you sure you want to perform this operation?");
      JsonNode current = FluxService.of(session).show(ref, name);
      if (!exists(current)) {
        throw CliException.invalid(
            "Error! Cannot delete a kustomization that doesn't exist.",
            "You can view all kustomizations on a configuration with 'flotilla"
                + " k8s-configuration flux kustomization list'");
      }
      JsonNode k = current.path("properties").path("kustomizations").path(kustomizationName);
      if (k.path("prune").asBoolean(false)) {
        session
            .log()
            .warning(
                "Prune is enabled on this kustomization. Deleting a kustomization with prune"
                    + " enabled will also delete the Kubernetes objects deployed by the"
                    + " kustomization.");
        yes.confirm(session, "Do you want to continue?");
      }
      // null: the merge patch's way to remove the kustomization
      patchKustomization(session, ref, name, current, kustomizationName, null, wait.noWait());
    }
  }

  @Command(
      name = "list",
      description = "List Kustomizations associated with a Flux v2 Kubernetes configuration.")
  public static final class List extends FluxCommand.Named {
    @Override
    protected void run(Session session) {
      JsonNode map = show(session).path("properties").path("kustomizations");
      session.output().print(map.isObject() ? map : F.objectNode(), Tables.KUSTOMIZATION);
    }
  }

  @Command(
      name = "show",
      description = "Show a Kustomization associated with a Flux v2 Kubernetes configuration.")
  public static final class Show extends Named {
    @Override
    protected void run(Session session) {
      JsonNode current = show(session);
      if (!exists(current)) {
        throw CliException.invalid(
            "Error! Kustomization with name '"
                + kustomizationName
                + "' does not exist on configuration '"
                + name
                + "'.",
            "You can view all kustomizations on a configuration with 'flotilla"
                + " k8s-configuration flux kustomization list'");
      }
      ObjectNode one = F.objectNode();
      one.set(
          kustomizationName,
          current.path("properties").path("kustomizations").get(kustomizationName));
      session.output().print(one, Tables.KUSTOMIZATION);
    }
  }
}
