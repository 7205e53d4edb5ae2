package io.flotilla.cli;

import io.flotilla.cli.assignment.AssignmentCommands;
import io.flotilla.cli.assignment.RolloutCommands;
import io.flotilla.cli.cluster.ConnectCommand;
import io.flotilla.cli.cluster.ConnectedClusterCommands;
import io.flotilla.cli.configuration.DeployedObjectListCommand;
import io.flotilla.cli.configuration.DeployedObjectShowCommand;
import io.flotilla.cli.configuration.FluxCreateCommand;
import io.flotilla.cli.configuration.FluxDeleteCommand;
import io.flotilla.cli.configuration.FluxKustomizationCommands;
import io.flotilla.cli.configuration.FluxListCommand;
import io.flotilla.cli.configuration.FluxShowCommand;
import io.flotilla.cli.configuration.FluxUpdateCommand;
import io.flotilla.cli.extension.ExtensionCommands;
import io.flotilla.cli.extension.ExtensionCreateCommand;
import io.flotilla.cli.role.RoleCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Command groups: run alone, they print their help, as az does. */
public final class Groups {
  private Groups() {}

  @Command(mixinStandardHelpOptions = true)
  public abstract static class Group implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(
      name = "flotilla",
      versionProvider = Version.class,
      description = "Flotilla: GitOps with Flux v2, self-hosted.",
      subcommands = {
        K8sConfiguration.class,
        K8sExtension.class,
        ConnectedK8s.class,
        Role.class,
        KustomizeCommand.class
      })
  static final class Root extends Group {}

  @Command(
      name = "role",
      description = "Manage user roles for access control with role assignments.",
      subcommands = {RoleAssignment.class, RoleDefinition.class})
  static final class Role extends Group {}

  @Command(
      name = "assignment",
      description = "Manage role assignments.",
      subcommands = {RoleCommands.Create.class, RoleCommands.List.class, RoleCommands.Delete.class})
  static final class RoleAssignment extends Group {}

  @Command(
      name = "definition",
      description = "Manage role definitions.",
      subcommands = {RoleCommands.DefinitionList.class})
  static final class RoleDefinition extends Group {}

  @Command(
      name = "k8s-configuration",
      description = "Commands to manage resources from Microsoft.KubernetesConfiguration.",
      subcommands = {Flux.class})
  static final class K8sConfiguration extends Group {}

  @Command(
      name = "k8s-extension",
      description = "Commands to manage Kubernetes Extensions.",
      subcommands = {
        ExtensionCreateCommand.class,
        ExtensionCommands.Update.class,
        ExtensionCommands.Delete.class,
        ExtensionCommands.Show.class,
        ExtensionCommands.List.class
      })
  static final class K8sExtension extends Group {}

  @Command(
      name = "connectedk8s",
      description = "Commands to manage connected kubernetes clusters.",
      subcommands = {
        ConnectCommand.class,
        ConnectedClusterCommands.List.class,
        ConnectedClusterCommands.Show.class,
        ConnectedClusterCommands.Delete.class
      })
  static final class ConnectedK8s extends Group {}

  @Command(
      name = "flux",
      description = "Commands to manage Flux V2 Kubernetes configurations.",
      subcommands = {
        FluxCreateCommand.class,
        FluxUpdateCommand.class,
        FluxListCommand.class,
        FluxShowCommand.class,
        FluxDeleteCommand.class,
        Kustomization.class,
        DeployedObject.class,
        AssignmentCommands.Group.class,
        RolloutCommands.Group.class
      })
  static final class Flux extends Group {}

  @Command(
      name = "kustomization",
      description =
          "Commands to manage Kustomizations associated with Flux v2 Kubernetes"
              + " configurations.",
      subcommands = {
        FluxKustomizationCommands.Create.class,
        FluxKustomizationCommands.Update.class,
        FluxKustomizationCommands.Delete.class,
        FluxKustomizationCommands.List.class,
        FluxKustomizationCommands.Show.class
      })
  static final class Kustomization extends Group {}

  @Command(
      name = "deployed-object",
      description =
          "Commands to see deployed objects associated with Flux v2 Kubernetes"
              + " configurations.",
      subcommands = {DeployedObjectListCommand.class, DeployedObjectShowCommand.class})
  static final class DeployedObject extends Group {}

  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"flotilla " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
