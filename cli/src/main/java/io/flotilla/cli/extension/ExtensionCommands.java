package io.flotilla.cli.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.cli.Choices;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ClusterTarget;
import io.flotilla.cli.CommonOptions;
import io.flotilla.cli.Session;
import io.flotilla.cli.arm.ArmClient;
import io.flotilla.cli.arm.ArmHttpException;
import io.flotilla.cli.arm.LongRunningOperation;
import io.flotilla.cli.configuration.FluxService;
import io.flotilla.cli.output.Output;
import io.flotilla.cli.output.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flotilla k8s-extension create|update|delete|show|list}, as az's k8s-extension. */
public final class ExtensionCommands {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final String UPDATE_SETTINGS_PROMPT =
      "Updating properties in --configuration-settings or --configuration-protected-settings may"
          + " lead to undesirable state if the cluster extension type does not support it. Please"
          + " refer to the documentation of the cluster extension service to check if updates to"
          + " these properties is supported. Do you wish to proceed?";

  private ExtensionCommands() {}

  /** {@code -g -c -t --cluster-resource-provider} with k8s-extension's cluster types. */
  static final class ClusterArgs {
    @Option(
        names = {"--resource-group", "-g"},
        required = true,
        description = "Name of resource group")
    String resourceGroup;

    @Option(
        names = {"--cluster-name", "-c"},
        required = true,
        description = "Name of the Kubernetes cluster")
    String clusterName;

    @Option(
        names = {"--cluster-type", "-t"},
        required = true,
        converter = Choices.ExtensionClusterType.class,
        description =
            "Specify Arc clusters, AKS managed clusters, Arc appliances or provisionedClusters:"
                + " connectedClusters, managedClusters, appliances, provisionedClusters")
    String clusterType;

    @Option(
        names = {"--cluster-resource-provider", "--cluster-rp"},
        description =
            "Cluster Resource Provider name for this clusterType (Required for"
                + " provisionedClusters)")
    String clusterRp;

    ClusterRef ref(String subscription) {
      return ClusterTarget.ref(subscription, resourceGroup, clusterType, clusterRp, clusterName);
    }
  }

  /** The configuration-settings family shared by create and update. */
  static final class SettingsArgs {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(
        names = {"--configuration-settings", "--config"},
        arity = "1..*",
        paramLabel = "KEY=VALUE",
        description = "Configuration Settings as key=value pair. Repeat parameter for each setting")
    java.util.List<String> settings;

    @Option(
        names = {"--config-protected-settings", "--config-protected"},
        arity = "1..*",
        paramLabel = "KEY=VALUE",
        description =
            "Configuration Protected Settings as key=value pair. Repeat parameter for each setting")
    java.util.List<String> protectedSettings;

    @Option(
        names = {"--config-settings-file", "--config-file"},
        description = "JSON file path for configuration-settings")
    Path settingsFile;

    @Option(
        names = {"--config-protected-settings-file", "--config-protected-file"},
        description = "JSON file path for configuration-protected settings")
    Path protectedSettingsFile;

    boolean anyGiven() {
      return settings != null
          || protectedSettings != null
          || settingsFile != null
          || protectedSettingsFile != null;
    }

    Map<String, String> settings() {
      return merge(
          settingsFile,
          settings,
          typed("--configuration-settings", "--config"),
          "configuration_setting_key=configuration_setting_value");
    }

    Map<String, String> protectedSettings() {
      return merge(
          protectedSettingsFile,
          protectedSettings,
          typed("--config-protected-settings", "--config-protected"),
          "configuration_protected_setting_key=configuration_protected_setting_value");
    }

    /** The alias the user typed, as argparse's option_string names it in az's usage errors. */
    private String typed(String longName, String alias) {
      String found = longName;
      if (mixee != null && mixee.commandLine() != null) {
        var parsed = mixee.commandLine().getParseResult();
        if (parsed != null) {
          for (String arg : parsed.originalArgs()) {
            if (arg.equals(longName) || arg.equals(alias)) found = arg;
          }
        }
      }
      return found;
    }

    void checkExclusive() {
      if (settings != null && settingsFile != null) {
        throw CliException.error(
            "Error! Both configuration-settings and configuration-settings-file cannot be"
                + " provided.");
      }
      if (protectedSettings != null && protectedSettingsFile != null) {
        throw CliException.error(
            "Error! Both configuration-protected-settings and"
                + " configuration-protected-settings-file cannot be provided.");
      }
    }

    /** az reads the file first, then the key=value pairs win. Null when neither was given. */
    private static Map<String, String> merge(
        Path file, java.util.List<String> pairs, String option, String form) {
      if (file == null && pairs == null) {
        return null;
      }
      Map<String, String> out = new LinkedHashMap<>();
      if (file != null) {
        out.putAll(readSettingsFile(file));
      }
      if (pairs != null) {
        out.putAll(parsePairs(pairs, option, form));
      }
      return out;
    }
  }

  /**
   * az's AddConfigurationSettings action: {@code key=value}, split on the first '='; a token
   * without one is a CLIError (exit 1) naming the option as typed.
   */
  static Map<String, String> parsePairs(java.util.List<String> pairs, String option, String form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : pairs) {
      int eq = item.indexOf('=');
      if (eq < 0) {
        throw CliException.error("Usage error: " + option + " " + form);
      }
      out.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return out;
  }

  /** A JSON object of settings; values are kept as strings. */
  static Map<String, String> readSettingsFile(Path file) {
    JsonNode json;
    try {
      if (Files.size(file) > 1024 * 1024) {
        throw CliException.error("File " + file + " is larger than 1 MiB");
      }
      json = ArmClient.JSON.readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw CliException.error("File " + file + " is not a valid JSON file");
    } catch (IOException e) {
      throw CliException.error("File " + file + " could not be read: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw CliException.error("File " + file + " is not a valid JSON file");
    }
    if (json.isEmpty()) {
      throw CliException.error("File " + file + " is empty");
    }
    Map<String, String> out = new LinkedHashMap<>();
    json.fields()
        .forEachRemaining(
            e ->
                out.put(
                    e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return out;
  }

  abstract static class ExtensionCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ClusterArgs cluster;
    final CliEnvironment env;

    ExtensionCommand(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public final Integer call() {
      Session session = Session.open(env, common);
      run(session, cluster.ref(session.arm().subscription()));
      return 0;
    }

    abstract void run(Session session, ClusterRef ref);

    static String path(ClusterRef ref, String name) {
      return ref.extensionPrefix() + "/extensions/" + name;
    }

    /** az's show: a missing cluster or extension gets its wording, and exit code 3. */
    static JsonNode show(Session session, ClusterRef ref, String name) {
      try {
        return session.arm().get(path(ref, name), ArmClient.EXTENSION_API_VERSION).body();
      } catch (ArmHttpException e) {
        if (e.status() != 404) throw e;
        if ("ResourceNotFound".equals(e.code()) || "ParentResourceNotFound".equals(e.code())) {
          throw e.withRecommendation(
              e.getMessage() + " Verify that the cluster-type is correct and the resource exists.",
              null);
        }
        throw e.withRecommendation(
            "(ExtensionNotFound) The Resource "
                + ref.shortId()
                + "/Microsoft.KubernetesConfiguration/extensions/"
                + name
                + " could not be found!",
            null);
      }
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a Kubernetes Cluster Extension, including purchasing an extension Kubernetes Marketplace offer (AKS only).")
  public static final class Create extends ExtensionCommand {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "Name of the extension instance")
    String name;

    @Option(
        names = "--extension-type",
        required = true,
        description = "Name of the extension type.")
    String extensionType;

    @Option(
        names = "--scope",
        converter = Choices.Scope.class,
        description = "Specify the extension scope: cluster, namespace")
    String scope;

    @Option(
        names = {"--auto-upgrade-minor-version", "--auto-upgrade"},
        arity = "0..1",
        fallbackValue = "true",
        converter = Choices.ThreeState.class,
        parameterConsumer = Choices.ThreeStateConsumer.class,
        description = "Automatically upgrade minor version of the extension instance.")
    Boolean autoUpgrade;

    @Option(
        names = "--version",
        description =
            "Specify the version to install for the extension instance if --auto-upgrade-minor-version is not enabled.")
    String version;

    @Option(
        names = "--release-train",
        description = "Specify the release train for the extension type.")
    String releaseTrain;

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
        description =
            "The plan product is referring to the Marketplace Product ID of the extension.")
    String planProduct;

    @Option(
        names = "--plan-publisher",
        description =
            "The plan publisher is referring to the Marketplace Publisher ID of the extension.")
    String planPublisher;

    @Option(
        names = "--no-wait",
        description = "Do not wait for the long-running operation to finish.")
    boolean noWait;

    @Mixin SettingsArgs settingsArgs;

    Create(CliEnvironment env) {
      super(env);
    }

    @Override
    void run(Session session, ClusterRef ref) {
      settingsArgs.checkExclusive();
      Map<String, String> settings = settingsArgs.settings();
      Map<String, String> protectedSettings = settingsArgs.protectedSettings();
      validateScope(scope, releaseNamespace, targetNamespace);
      if (version != null && Boolean.TRUE.equals(autoUpgrade)) {
        throw CliException.error(
            "To pin to specific version, auto-upgrade-minor-version must be set to 'false'.");
      }
      ObjectNode body = F.objectNode();
      if (!ref.clusterResourceName().equalsIgnoreCase(ClusterTarget.MANAGED)) {
        body.putObject("identity").put("type", "SystemAssigned");
        String location = location(session, ref);
        if (location != null) body.put("location", location);
      }
      if (planName != null || planProduct != null || planPublisher != null) {
        ObjectNode plan = body.putObject("plan");
        if (planName != null) plan.put("name", planName);
        if (planPublisher != null) plan.put("publisher", planPublisher);
        if (planProduct != null) plan.put("product", planProduct);
      }
      ObjectNode p = body.putObject("properties");
      p.put("extensionType", extensionType.toLowerCase(Locale.ROOT));
      if (autoUpgrade != null) p.put("autoUpgradeMinorVersion", autoUpgrade);
      else if (version != null) p.put("autoUpgradeMinorVersion", false);
      if (releaseTrain != null) p.put("releaseTrain", releaseTrain);
      if (version != null) p.put("version", version);
      if (scope != null) {
        ObjectNode s = p.putObject("scope");
        if (scope.equals("cluster")) {
          ObjectNode c = s.putObject("cluster");
          if (releaseNamespace != null) c.put("releaseNamespace", releaseNamespace);
        } else {
          s.putObject("namespace").put("targetNamespace", targetNamespace);
        }
      }
      if (settings != null) {
        ObjectNode m = p.putObject("configurationSettings");
        settings.forEach(m::put);
      }
      if (protectedSettings != null) {
        ObjectNode m = p.putObject("configurationProtectedSettings");
        protectedSettings.forEach(m::put);
      }
      String path = path(ref, name);
      ArmClient.Response response;
      try {
        response = session.arm().put(path, ArmClient.EXTENSION_API_VERSION, body);
      } catch (ArmHttpException e) {
        throw e.status() == 404 ? FluxService.clusterNotFound(e, ref) : e;
      }
      if (noWait) return;
      JsonNode result =
          new LongRunningOperation(session.arm(), env.err())
              .awaitResource(response, path, ArmClient.EXTENSION_API_VERSION);
      session.output().print(flatten(result), Tables.EXTENSION);
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

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Update mutable properties of a Kubernetes Extension.")
  public static final class Update extends ExtensionCommand {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "Name of the extension instance")
    String name;

    @Option(
        names = {"--auto-upgrade-minor-version", "--auto-upgrade"},
        arity = "0..1",
        fallbackValue = "true",
        converter = Choices.ThreeState.class,
        parameterConsumer = Choices.ThreeStateConsumer.class,
        description = "Automatically upgrade minor version of the extension instance.")
    Boolean autoUpgrade;

    @Option(
        names = "--version",
        description =
            "Specify the version to install for the extension instance if --auto-upgrade-minor-version is not enabled.")
    String version;

    @Option(
        names = "--release-train",
        description = "Specify the release train for the extension type.")
    String releaseTrain;

    @Option(
        names = "--no-wait",
        description = "Do not wait for the long-running operation to finish.")
    boolean noWait;

    @Option(
        names = {"--yes", "-y"},
        description = "Ignore confirmation prompts")
    boolean yes;

    @Mixin SettingsArgs settingsArgs;

    Update(CliEnvironment env) {
      super(env);
    }

    @Override
    void run(Session session, ClusterRef ref) {
      if (settingsArgs.anyGiven()) {
        session.confirm(yes, UPDATE_SETTINGS_PROMPT);
      }
      JsonNode current = show(session, ref, name);
      settingsArgs.checkExclusive();
      if (version != null && Boolean.TRUE.equals(autoUpgrade)) {
        throw CliException.error(
            "To pin to specific version, auto-upgrade-minor-version must be set to 'false'.");
      }
      ObjectNode p = F.objectNode();
      if (autoUpgrade != null) p.put("autoUpgradeMinorVersion", autoUpgrade);
      if (releaseTrain != null) p.put("releaseTrain", releaseTrain);
      if (version != null) p.put("version", version);
      Map<String, String> settings = settingsArgs.settings();
      Map<String, String> protectedSettings = settingsArgs.protectedSettings();
      if (settings != null) {
        ObjectNode m = p.putObject("configurationSettings");
        settings.forEach(m::put);
      }
      if (protectedSettings != null) {
        ObjectNode m = p.putObject("configurationProtectedSettings");
        protectedSettings.forEach(m::put);
      }
      ObjectNode body = F.objectNode();
      body.set("properties", p);
      String path = path(ref, name);
      ArmClient.Response response;
      try {
        response =
            session
                .arm()
                .patch(path, ArmClient.EXTENSION_API_VERSION, body, session.arm().etagOf(path));
      } catch (ArmHttpException e) {
        throw e.status() == 412 ? FluxService.changedMeanwhile(e, name) : e;
      }
      if (noWait || current == null) return;
      JsonNode result =
          new LongRunningOperation(session.arm(), env.err())
              .awaitResource(response, path, ArmClient.EXTENSION_API_VERSION);
      session.output().print(flatten(result), Tables.EXTENSION);
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a Kubernetes Extension.")
  public static final class Delete extends ExtensionCommand {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "Name of the extension instance")
    String name;

    @Option(
        names = "--force",
        description = "Specify whether to force delete the extension from the cluster.")
    boolean force;

    @Option(
        names = "--no-wait",
        description = "Do not wait for the long-running operation to finish.")
    boolean noWait;

    @Option(
        names = {"--yes", "-y"},
        description = "Do not prompt for confirmation.")
    boolean yes;

    Delete(CliEnvironment env) {
      super(env);
    }

    @Override
    void run(Session session, ClusterRef ref) {
      String path = path(ref, name);
      JsonNode extension;
      try {
        extension = session.arm().get(path, ArmClient.EXTENSION_API_VERSION).body();
      } catch (ArmHttpException e) {
        session
            .log()
            .warning(
                "No extension with name '"
                    + name
                    + "' found on cluster '"
                    + cluster.clusterName
                    + "', so nothing to delete");
        return;
      }
      if (!force && isFlux(extension)) {
        warnAboutConfigurations(session, ref);
      }
      session.confirm(yes, "Are you sure you want to perform this operation?");
      ArmClient.Response response =
          session.arm().delete(path, ArmClient.EXTENSION_API_VERSION, "forceDelete=" + force);
      if (!noWait) {
        new LongRunningOperation(session.arm(), env.err())
            .awaitDelete(response, path, ArmClient.EXTENSION_API_VERSION);
      }
    }
  }

  static boolean isFlux(JsonNode extension) {
    return extension != null
        && FluxService.FLUX_EXTENSION_TYPE.equalsIgnoreCase(
            extension.path("properties").path("extensionType").asText(""));
  }

  /**
   * Deleting the flux extension deletes the cluster's flux configurations with it (as Azure's
   * uninstall does), so say which before the confirmation.
   */
  static void warnAboutConfigurations(Session session, ClusterRef ref) {
    java.util.List<String> names =
        session.flux().list(ref).stream().map(c -> c.path("name").asText()).toList();
    if (names.isEmpty()) {
      return;
    }
    session
        .log()
        .warning(
            "Deleting the 'microsoft.flux' extension also deletes the flux configurations on"
                + " cluster '"
                + ref.clusterName()
                + "' ("
                + String.join(", ", names)
                + "): their Flux objects are removed from the cluster, and the objects deployed"
                + " by kustomizations with prune enabled are deleted too.");
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a Kubernetes Extension.")
  public static final class Show extends ExtensionCommand {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "Name of the extension instance")
    String name;

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    void run(Session session, ClusterRef ref) {
      session.output().print(flatten(show(session, ref, name)), Tables.EXTENSION);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List Kubernetes Extensions.")
  public static final class List extends ExtensionCommand {
    List(CliEnvironment env) {
      super(env);
    }

    @Override
    void run(Session session, ClusterRef ref) {
      java.util.List<JsonNode> all = new ArrayList<>();
      ArmClient.Response page;
      try {
        page =
            session
                .arm()
                .get(ref.extensionPrefix() + "/extensions", ArmClient.EXTENSION_API_VERSION);
      } catch (ArmHttpException e) {
        throw e.status() == 404 ? FluxService.clusterNotFound(e, ref) : e;
      }
      for (int pages = 0; ; pages++) {
        JsonNode body = page.body();
        if (body != null) body.path("value").forEach(all::add);
        String next = body == null ? "" : body.path("nextLink").asText("");
        if (next.isEmpty() || pages > 10_000) break;
        page = session.arm().getLink(next);
      }
      ArrayNode out = F.arrayNode();
      all.forEach(r -> out.add(flatten(r)));
      session.output().print(out, Tables.EXTENSION);
    }
  }

  /** The SDK's flattened view: properties lifted to the top, plus resourceGroup. */
  static JsonNode flatten(JsonNode resource) {
    return Output.flatten(resource);
  }
}
