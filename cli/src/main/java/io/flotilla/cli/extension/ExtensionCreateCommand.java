package io.flotilla.cli.extension;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.Extension;
import io.flotilla.cli.Choices;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ClusterTarget;
import io.flotilla.cli.NoWaitOption;
import io.flotilla.cli.Session;
import io.flotilla.cli.arm.ArmClient;
import io.flotilla.cli.arm.ArmHttpException;
import io.flotilla.cli.arm.LongRunningOperation;
import io.flotilla.cli.configuration.FluxService;
import io.flotilla.cli.output.Tables;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "create",
    description =
        "Create a Kubernetes Cluster Extension, including purchasing an extension Kubernetes Marketplace offer (AKS only).")
public final class ExtensionCreateCommand extends ExtensionCommands.ExtensionCommand.Named {
  @Option(names = "--extension-type", required = true, description = "Name of the extension type.")
  String extensionType;

  @Option(
      names = "--scope",
      converter = Choices.Scope.class,
      description = "Specify the extension scope: cluster, namespace")
  String scope;

  @Mixin VersionArgs versions;

  @Option(
      names = "--release-namespace",
      description = "Specify the namespace to install the extension release.")
  String releaseNamespace;

  @Option(
      names = "--target-namespace",
      description =
          "Specify the target namespace to install to for the extension instance. This parameter is required if extension scope is set to 'namespace'")
  String targetNamespace;

  @Option(
      names = "--plan-name",
      description = "The plan name is referring to the Marketplace Plan ID of the extension.")
  String planName;

  @Option(
      names = "--plan-product",
      description = "The plan product is referring to the Marketplace Product ID of the extension.")
  String planProduct;

  @Option(
      names = "--plan-publisher",
      description =
          "The plan publisher is referring to the Marketplace Publisher ID of the extension.")
  String planPublisher;

  @Mixin NoWaitOption wait;

  @Mixin SettingsArgs settingsArgs;

  @Override
  void run(Session session, ClusterRef ref) {
    settingsArgs.checkExclusive();
    Map<String, String> settings = settingsArgs.settings();
    Map<String, String> protectedSettings = settingsArgs.protectedSettings();
    validateScope(scope, releaseNamespace, targetNamespace);
    versions.checkPinned();
    Extension.Identity identity = null;
    String location = null;
    if (!ref.clusterResourceName().equalsIgnoreCase(ClusterTarget.MANAGED)) {
      identity = Extension.Identity.SYSTEM_ASSIGNED;
      location = location(session, ref);
    }
    Extension.Plan plan =
        planName != null || planProduct != null || planPublisher != null
            ? new Extension.Plan(planName, planPublisher, planProduct)
            : null;
    Extension.Properties properties =
        new Extension.Properties(
            extensionType.toLowerCase(Locale.ROOT),
            versions.autoUpgradeOnCreate(),
            versions.releaseTrain,
            versions.version,
            scope(),
            settings,
            protectedSettings);
    JsonNode body = ArmClient.JSON.valueToTree(new Extension(identity, location, plan, properties));
    String path = path(ref, name);
    ArmClient.Response response;
    try {
      response = session.arm().put(path, ArmClient.EXTENSION_API_VERSION, body);
    } catch (ArmHttpException e) {
      throw e.status() == 404 ? FluxService.clusterNotFound(e, ref) : e;
    }
    if (wait.noWait()) return;
    JsonNode result =
        new LongRunningOperation(session.arm(), env.err())
            .awaitResource(response, path, ArmClient.EXTENSION_API_VERSION);
    session.output().print(ExtensionCommands.flatten(result), Tables.EXTENSION);
  }

  private Extension.Scope scope() {
    if (scope == null) return null;
    return scope.equals("cluster")
        ? new Extension.Scope(new Extension.ScopeCluster(releaseNamespace), null)
        : new Extension.Scope(null, new Extension.ScopeNamespace(targetNamespace));
  }

  /** az's __create_identity: the cluster's location, lower-cased. */
  private static String location(Session session, ClusterRef ref) {
    try {
      JsonNode c = session.arm().get(ref.resourceId(), ArmClient.CLUSTER_API_VERSION).body();
      String l = c == null ? "" : c.path("location").asText("");
      return l.isEmpty() ? null : l.toLowerCase(Locale.ROOT);
    } catch (ArmHttpException e) {
      throw e.status() == 404 ? FluxService.clusterNotFound(e, ref) : e;
    }
  }

  /** az's __validate_scope_and_namespace and __validate_scope_after_customization. */
  static void validateScope(String scope, String releaseNamespace, String targetNamespace) {
    if ("cluster".equals(scope)) {
      if (targetNamespace != null) {
        throw CliException.error(
            "When --scope is 'cluster', --target-namespace must not be given.");
      }
    } else if (releaseNamespace != null) {
      throw CliException.error(
          "When --scope is 'namespace', --release-namespace must not be given.");
    }
    if ("namespace".equals(scope) && targetNamespace == null) {
      throw CliException.error("When --scope is 'namespace', --target-namespace must be given.");
    }
  }
}
