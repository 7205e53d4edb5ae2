package io.flotilla.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.agent.DesiredExtension;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.lifecycle.ChildResourceController;
import io.flotilla.server.lifecycle.ResourceLifecycle;
import io.flotilla.server.lifecycle.ResourceLifecycle.DeleteResult;
import io.flotilla.server.lifecycle.ResourceLifecycle.Stamp;
import io.flotilla.server.store.ChildState;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.ExtensionRepository;
import io.flotilla.server.store.ExtensionRow;
import io.flotilla.server.store.OperationRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Cluster extensions ({@code Microsoft.KubernetesConfiguration/extensions}): PUT, PATCH, GET, LIST,
 * DELETE with the API's defaults and scope rules ({@link ExtensionRules}) on the shared ARM
 * lifecycle ({@link ResourceLifecycle}). Every change travels to the cluster's agent with its
 * desired state; the resource is Creating/Updating/Deleting until the agent has taken it (or
 * reported on it), then Succeeded or Failed. Protected settings are encrypted and never returned.
 */
public final class ExtensionService implements ChildResourceController.Deletes {
  public static final String TYPE = "Microsoft.KubernetesConfiguration/extensions";
  static final String RESOURCE_TYPE = "extensions";

  private final ServiceContext context;
  private final String productVersion;
  private final FluxConfigurationService fluxConfigurations;
  private final ResourceLifecycle lifecycle;
  private final ExtensionDelivery delivery;
  private final ExtensionRepository extensions = new ExtensionRepository();

  public ExtensionService(
      ServiceContext context, String productVersion, FluxConfigurationService fluxConfigurations) {
    this.context = context;
    this.fluxConfigurations = fluxConfigurations;
    this.productVersion = productVersion;
    this.lifecycle =
        new ResourceLifecycle(
            context,
            new ResourceLifecycle.Kind(
                RESOURCE_TYPE, "extension", "extension", ExtensionService::extensionId),
            context.signals()::changed);
    this.delivery = new ExtensionDelivery(context.clock(), lifecycle, fluxConfigurations);
  }

  public record PutResult(
      boolean created, boolean changed, ObjectNode resource, String operationId, String etag)
      implements ChildResourceController.Written {}

  public record Tagged(ObjectNode resource, String etag) {}

  static String etag(ExtensionRow row) {
    return ResourceLifecycle.etag(row.version());
  }

  public PutResult put(
      ClusterRef ref, String name, ObjectNode body, String actor, Preconditions preconditions) {
    ExtensionRules.validateName(name);
    ObjectNode stored = ExtensionRules.validateAndDefault(body, name);
    boolean flux = FluxExtensionRules.isFlux(stored);
    if (flux) {
      FluxExtensionRules.checkSettings(stored.path("properties").get("configurationSettings"));
    }
    JsonNode secrets =
        ((ObjectNode) stored.get("properties")).remove("configurationProtectedSettings");
    return lifecycle.put(
        ref,
        extensions,
        name,
        actor,
        preconditions,
        (h, cluster, existing, w) -> {
          existing.ifPresent(
              e -> {
                checkNotDeleting(e);
                ExtensionRules.checkImmutable(e, stored);
              });
          if (existing.isEmpty() && flux) {
            var other = FluxExtensionRules.other(extensions.all(h, cluster.id()), name);
            if (other.isPresent()) {
              throw FluxExtensionRules.alreadyInstalled(other.get(), cluster.ref().clusterName());
            }
          }
          String sealed =
              secrets == null || secrets.isNull() || secrets.isEmpty()
                  ? null
                  : lifecycle.seal(cluster.id(), name, secrets);
          return save(h, cluster, name, stored, sealed, existing, w);
        });
  }

  /**
   * patchExtension: only {@link ExtensionRules#PATCHABLE} fields; {@code configurationSettings}
   * merge (a null value removes a key); {@code configurationProtectedSettings}, when present,
   * replace the stored ones entirely, so protected settings omitted from the update are deleted. A
   * patch that changes nothing answers 200 without an operation.
   */
  public PutResult patch(
      ClusterRef ref, String name, ObjectNode patch, String actor, Preconditions preconditions) {
    ObjectNode changes = ExtensionRules.checkPatch(patch);
    JsonNode secretsNode = patch.get("configurationProtectedSettings");
    Instant now = context.clock().instant();
    return lifecycle.write(
        ref,
        (h, cluster) -> {
          lifecycle.lock(h, cluster);
          ExtensionRow row =
              extensions
                  .find(h, cluster.id(), name)
                  .orElseThrow(() -> ArmErrors.extensionNotFound(ref, name));
          preconditions.check(Optional.of(etag(row)));
          checkNotDeleting(row);
          if (FluxExtensionRules.isFlux(row)) {
            FluxExtensionRules.checkSettings(changes.get("configurationSettings"));
          }
          ObjectNode body = (ObjectNode) Json.tree(row.body());
          ExtensionRules.merge((ObjectNode) body.get("properties"), changes);
          ObjectNode stored = ExtensionRules.validateAndDefault(body, name);
          String sealed = row.sealedProtectedSettings();
          boolean secretsChanged = false;
          if (secretsNode != null) {
            secretsChanged = true;
            sealed =
                secretsNode.isNull() || secretsNode.isEmpty()
                    ? null
                    : lifecycle.seal(cluster.id(), name, secretsNode);
          }
          boolean changed = secretsChanged || !stored.equals(Json.tree(row.body()));
          if (!changed) {
            return new PutResult(false, false, render(cluster, row), null, etag(row));
          }
          long version = lifecycle.bumpStateVersion(h, cluster);
          return save(
              h, cluster, name, stored, sealed, Optional.of(row), new Stamp(actor, now, version));
        },
        PutResult::changed);
  }

  /** Stores {@code stored} as extension {@code name}, Creating or Updating at {@code w}. */
  private PutResult save(
      Handle h,
      ClusterRow cluster,
      String name,
      ObjectNode stored,
      String sealed,
      Optional<ExtensionRow> existing,
      Stamp w) {
    ExtensionRow row =
        new ExtensionRow(
            cluster.id(),
            name,
            Json.write(stored),
            sealed,
            ChildState.written(
                existing.map(ExtensionRow::state), w.version(), w.now(), w.actor(), null));
    extensions.upsert(h, row);
    boolean created = existing.isEmpty();
    String opId =
        lifecycle.written(
            h,
            cluster,
            name,
            created,
            w,
            stored.path("properties").path("extensionType").asText() + ", version " + w.version());
    return new PutResult(created, true, render(cluster, row), opId, etag(row));
  }

  private void checkNotDeleting(ExtensionRow row) {
    if (ProvisioningState.DELETING.equals(row.provisioningState())) {
      throw lifecycle.beingDeleted(row.name());
    }
  }

  public Tagged getTagged(ClusterRef ref, String name) {
    return lifecycle.read(
        ref,
        (h, cluster) ->
            extensions
                .find(h, cluster.id(), name)
                .map(r -> new Tagged(render(cluster, r), etag(r)))
                .orElseThrow(() -> ArmErrors.extensionNotFound(ref, name)));
  }

  public ObjectNode get(ClusterRef ref, String name) {
    return getTagged(ref, name).resource();
  }

  public List<ObjectNode> list(ClusterRef ref) {
    return lifecycle.read(
        ref,
        (h, cluster) ->
            extensions.all(h, cluster.id()).stream().map(r -> render(cluster, r)).toList());
  }

  /**
   * DELETE: with {@code force} the resource goes at once (200); otherwise it turns Deleting until
   * the agent has taken the removal (202); absent is 204.
   */
  @Override
  public DeleteResult delete(
      ClusterRef ref, String name, boolean force, String actor, Preconditions preconditions) {
    return lifecycle.delete(ref, name, force, actor, preconditions, extensions, this::markDeleting);
  }

  private void markDeleting(Handle h, ClusterRow cluster, ExtensionRow row, Stamp w) {
    if (FluxExtensionRules.isFlux(row)) {
      // As Azure's uninstall does (its pre-delete job removes every FluxConfig): the
      // configurations go first, each by a recorded delete; the extension waits for them.
      for (ConfigurationRow config : fluxConfigurations.all(h, cluster.id())) {
        if (!ProvisioningState.DELETING.equals(config.provisioningState())) {
          fluxConfigurations.markDeleting(
              h,
              cluster,
              config,
              w,
              "version " + w.version() + ", with the extension '" + row.name() + "'");
        }
      }
    }
    extensions.upsert(
        h,
        row.with(row.state().changed(w.version(), ProvisioningState.DELETING, w.now(), w.actor())));
  }

  public OperationRow operation(ClusterRef ref, String name, String operationId) {
    return lifecycle.operation(ref, name, operationId);
  }

  // --- the agent's side ----------------------------------------------------------------------

  /** The extensions of a cluster as the agent receives them (protected settings decrypted). */
  public List<DesiredExtension> desired(Handle h, ClusterRow cluster) {
    return delivery.desired(h, cluster);
  }

  /** The agent has received the cluster's state at {@code stateVersion}; see ExtensionDelivery. */
  public boolean delivered(Handle h, ClusterRow cluster, long stateVersion, String actor) {
    return delivery.delivered(h, cluster, stateVersion, actor);
  }

  /** What an agent that manages extensions says about one: it wins over delivery. */
  public boolean report(Handle h, ClusterRow cluster, ExtensionStatus s, String actor) {
    return delivery.report(h, cluster, s, actor);
  }

  public static String extensionId(ClusterRef ref, String name) {
    return ref.extensionPrefix() + "/extensions/" + name;
  }

  ObjectNode render(ClusterRow cluster, ExtensionRow row) {
    ObjectNode stored = (ObjectNode) Json.tree(row.body());
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("id", extensionId(cluster.ref(), row.name()));
    out.put("name", row.name());
    out.put("type", TYPE);
    if (stored.has("identity")) {
      out.set("identity", stored.get("identity"));
    }
    if (stored.has("plan")) {
      out.set("plan", stored.get("plan"));
    }
    out.set("systemData", Json.MAPPER.valueToTree(row.authorship().systemData()));
    ObjectNode p = ((ObjectNode) stored.get("properties")).deepCopy();
    JsonNode status =
        row.status() == null ? Json.MAPPER.createObjectNode() : Json.tree(row.status());
    p.put("provisioningState", row.provisioningState());
    String current =
        status.hasNonNull("currentVersion")
            ? status.get("currentVersion").asText()
            : p.hasNonNull("version") ? p.get("version").asText() : productVersion;
    p.put("currentVersion", current);
    p.set(
        "statuses",
        status.path("statuses").isArray() ? status.get("statuses") : Json.MAPPER.createArrayNode());
    if (ProvisioningState.FAILED.equals(row.provisioningState())) {
      ObjectNode err = p.putObject("errorInfo");
      err.put("code", "ExtensionOperationFailed");
      err.put(
          "message",
          status.path("errorMessage").asText("The agent reported that the extension failed."));
    }
    p.put("isSystemExtension", false);
    out.set("properties", p);
    return out;
  }
}
