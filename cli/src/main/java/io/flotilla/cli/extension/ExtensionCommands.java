package io.flotilla.cli.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.Extension;
import io.flotilla.cli.NoWaitOption;
import io.flotilla.cli.Session;
import io.flotilla.cli.SessionCommand;
import io.flotilla.cli.YesOption;
import io.flotilla.cli.arm.ArmClient;
import io.flotilla.cli.arm.ArmHttpException;
import io.flotilla.cli.arm.LongRunningOperation;
import io.flotilla.cli.configuration.FluxService;
import io.flotilla.cli.output.Output;
import io.flotilla.cli.output.Tables;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flotilla k8s-extension create|update|delete|show|list}, as az's k8s-extension. */
public final class ExtensionCommands {
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final String UPDATE_SETTINGS_PROMPT =
      "Updating properties in --configuration-settings or --configuration-protected-settings may"
          + " lead to undesirable state if the cluster extension type does not support it. Please"
          + " refer to the documentation of the cluster extension service to check if updates to"
          + " these properties is supported. Do you wish to proceed?";

  private ExtensionCommands() {}

  abstract static class ExtensionCommand extends SessionCommand {
    @Mixin ClusterArgs cluster;

    @Override
    protected final void run(Session session) {
      run(session, cluster.ref(session.arm().subscription()));
    }

    abstract void run(Session session, ClusterRef ref);

    /** A command on one extension, named by {@code --name}. */
    abstract static class Named extends ExtensionCommand {
      @Option(
          names = {"--name", "-n"},
          required = true,
          description = "Name of the extension instance")
      String name;
    }

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

  @Command(name = "update", description = "Update mutable properties of a Kubernetes Extension.")
  public static final class Update extends ExtensionCommand.Named {
    @Mixin VersionArgs versions;

    @Mixin NoWaitOption wait;

    @Option(
        names = {"--yes", "-y"},
        description = "Ignore confirmation prompts")
    boolean yes;

    @Mixin SettingsArgs settingsArgs;

    @Override
    void run(Session session, ClusterRef ref) {
      if (settingsArgs.anyGiven()) {
        session.confirm(yes, UPDATE_SETTINGS_PROMPT);
      }
      JsonNode current = show(session, ref, name);
      settingsArgs.checkExclusive();
      versions.checkPinned();
      JsonNode body =
          ArmClient.JSON.valueToTree(
              Extension.patch(
                  new Extension.Properties(
                      null,
                      versions.autoUpgrade,
                      versions.releaseTrain,
                      versions.version,
                      null,
                      settingsArgs.settings(),
                      settingsArgs.protectedSettings())));
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
      if (wait.noWait() || current == null) return;
      JsonNode result =
          new LongRunningOperation(session.arm(), env.err())
              .awaitResource(response, path, ArmClient.EXTENSION_API_VERSION);
      session.output().print(flatten(result), Tables.EXTENSION);
    }
  }

  @Command(name = "delete", description = "Delete a Kubernetes Extension.")
  public static final class Delete extends ExtensionCommand.Named {
    @Option(
        names = "--force",
        description = "Specify whether to force delete the extension from the cluster.")
    boolean force;

    @Mixin NoWaitOption wait;

    @Mixin YesOption yes;

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
                    + cluster.clusterName()
                    + "', so nothing to delete");
        return;
      }
      if (!force && isFlux(extension)) {
        warnAboutConfigurations(session, ref);
      }
      yes.confirm(session, "Are you sure you want to perform this operation?");
      ArmClient.Response response =
          session.arm().delete(path, ArmClient.EXTENSION_API_VERSION, "forceDelete=" + force);
      if (!wait.noWait()) {
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
        FluxService.of(session).list(ref).stream().map(c -> c.path("name").asText()).toList();
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

  @Command(name = "show", description = "Show a Kubernetes Extension.")
  public static final class Show extends ExtensionCommand.Named {
    @Override
    void run(Session session, ClusterRef ref) {
      session.output().print(flatten(show(session, ref, name)), Tables.EXTENSION);
    }
  }

  @Command(name = "list", description = "List Kubernetes Extensions.")
  public static final class List extends ExtensionCommand {
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
