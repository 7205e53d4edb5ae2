package io.flotilla.server.fluxconfig;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.FluxConfiguration;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.flotilla.server.lifecycle.ChildResourceController;
import io.flotilla.server.lifecycle.ResourceLifecycle;
import io.flotilla.server.lifecycle.ResourceLifecycle.DeleteResult;
import io.flotilla.server.lifecycle.ResourceLifecycle.Stamp;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.DeletionRepository;
import io.flotilla.server.store.OperationRow;
import io.flotilla.server.store.OwnerRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The rules and transactions of flux configurations; HTTP lives in the controller. */
public final class FluxConfigurationService implements ChildResourceController.Deletes {
  public static final String RESOURCE_TYPE = "fluxConfigurations";
  static final int PAGE_SIZE = 100;

  private final ServiceContext context;
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final DeletionRepository deletions = new DeletionRepository();
  private final OwnerRepository owners = new OwnerRepository();
  private final ResourceLifecycle resources;
  private final ConfigurationLifecycle lifecycle;
  private final ConfigurationView view;

  public FluxConfigurationService(ServiceContext context, Connectivity connectivity) {
    this.context = context;
    this.resources =
        new ResourceLifecycle(
            context,
            new ResourceLifecycle.Kind(
                RESOURCE_TYPE,
                "flux configuration",
                "configuration",
                ClusterRef::fluxConfigurationId),
            this::written);
    this.lifecycle = new ConfigurationLifecycle(resources);
    this.view = new ConfigurationView(connectivity);
  }

  /** Told the cluster id after each write through this API (assignments look for drift). */
  private final List<java.util.function.Consumer<String>> writeListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public void onWrite(java.util.function.Consumer<String> listener) {
    writeListeners.add(listener);
  }

  private void written(String clusterId) {
    context.signals().changed(clusterId);
    writeListeners.forEach(l -> l.accept(clusterId));
  }

  /** The shared lifecycle, for assignments that write configurations of their own. */
  public ConfigurationLifecycle lifecycle() {
    return lifecycle;
  }

  public record PutResult(
      boolean created, FluxConfiguration resource, String operationId, String etag)
      implements ChildResourceController.Written {}

  /** A resource with its ETag. */
  public record Tagged(FluxConfiguration resource, String etag) {}

  /** The ETag of a configuration: its version, which grows with every change to it. */
  static String etag(ConfigurationRow row) {
    return ResourceLifecycle.etag(row.version());
  }

  public record Page(List<FluxConfiguration> items, String lastName, boolean more) {}

  public record OperationStatus(String id, String name, String status, String errorMessage) {}

  public PutResult put(
      ClusterRef ref,
      String name,
      FluxConfiguration body,
      String actor,
      Preconditions preconditions) {
    FluxConfigurationProperties in = body.properties();
    FluxConfigurationProperties desired = FluxConfigurationRules.validateAndDefault(name, in);
    FluxConfigurationRules.checkProtectedSettings(in.configurationProtectedSettings());
    return resources.put(
        ref,
        configs,
        name,
        actor,
        preconditions,
        (h, cluster, existing, w) ->
            result(
                h,
                cluster,
                lifecycle.save(
                    h, cluster, existing, name, desired, in.configurationProtectedSettings(), w)));
  }

  /**
   * ARM PATCH (FluxConfigurationPatch): a JSON merge patch of the desired properties; {@code
   * kustomizations.k: null} removes a kustomization, omitted fields stay as they are.
   */
  public PutResult patch(
      ClusterRef ref, String name, ObjectNode patch, String actor, Preconditions preconditions) {
    for (String fixed : List.of("scope", "namespace")) {
      if (patch.has(fixed)) {
        throw ArmException.invalidProperty(
            "properties." + fixed,
            fixed
                + " cannot be changed on an existing flux configuration, so it cannot be"
                + " patched. Remove it from the request.");
      }
    }
    JsonNode secretsNode = patch.remove("configurationProtectedSettings");
    Map<String, String> secrets = null;
    if (secretsNode != null && !secretsNode.isNull()) {
      if (!secretsNode.isObject()) {
        throw ArmException.invalidProperty(
            "properties.configurationProtectedSettings",
            "configurationProtectedSettings must be an object of string values.");
      }
      secrets = new java.util.LinkedHashMap<>();
      for (var it = secretsNode.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getValue().isTextual()) {
          throw ArmException.invalidProperty(
              "properties.configurationProtectedSettings." + e.getKey(),
              "The protected setting '" + e.getKey() + "' must be a string.");
        }
        secrets.put(e.getKey(), e.getValue().asText());
      }
    }
    FluxConfigurationRules.checkProtectedSettings(secrets);
    Map<String, String> protectedSettings = secrets;
    Instant now = context.clock().instant();
    return resources.write(
        ref,
        (h, cluster) -> {
          long version = resources.bumpStateVersion(h, cluster);
          ConfigurationRow row =
              configs
                  .find(h, cluster.id(), name)
                  .orElseThrow(() -> ArmErrors.fluxConfigurationNotFound(ref, name));
          preconditions.check(Optional.of(etag(row)));
          FluxConfigurationProperties desired = patched(name, row.desired(), patch);
          var write = new Stamp(actor, now, version);
          return result(
              h,
              cluster,
              lifecycle.save(
                  h, cluster, Optional.of(row), name, desired, protectedSettings, write));
        },
        r -> true);
  }

  /**
   * The stored properties ({@code desired}, JSON) with a FluxConfigurationPatch applied, validated
   * and defaulted as a PATCH does (also what a configuration rollout writes).
   */
  public static FluxConfigurationProperties patched(String name, String desired, JsonNode patch) {
    ObjectNode merged = (ObjectNode) Json.tree(desired);
    Json.mergePatch(merged, patch);
    // Changing the kind drops the other kinds' source objects (az sends {} for them).
    String kind = merged.path("sourceKind").asText("GitRepository");
    for (String k : SourceRules.KINDS) {
      if (!k.equals(kind)) {
        merged.remove(SourceRules.sourceProperty(k));
      }
    }
    return FluxConfigurationRules.validateAndDefault(
        name, RequestBodies.convert(merged, FluxConfigurationProperties.class));
  }

  private PutResult result(Handle h, ClusterRow cluster, ConfigurationLifecycle.Saved saved) {
    return new PutResult(
        saved.created(),
        view.render(h, cluster, saved.row()),
        saved.operationId(),
        etag(saved.row()));
  }

  public FluxConfiguration get(ClusterRef ref, String name) {
    return getTagged(ref, name).resource();
  }

  public Tagged getTagged(ClusterRef ref, String name) {
    return resources.read(
        ref,
        (h, cluster) ->
            configs
                .find(h, cluster.id(), name)
                .map(r -> new Tagged(view.render(h, cluster, r), etag(r)))
                .orElseThrow(() -> ArmErrors.fluxConfigurationNotFound(ref, name)));
  }

  public Page list(ClusterRef ref, String after) {
    return resources.read(
        ref,
        (h, cluster) -> {
          List<ConfigurationRow> rows = configs.page(h, cluster.id(), after, PAGE_SIZE + 1);
          boolean more = rows.size() > PAGE_SIZE;
          List<ConfigurationRow> page = more ? rows.subList(0, PAGE_SIZE) : rows;
          Map<String, String> owned = owners.ownersOf(h, cluster.id());
          return new Page(
              page.stream().map(r -> view.render(cluster, r, owned.get(r.name()))).toList(),
              page.isEmpty() ? null : page.get(page.size() - 1).name(),
              more);
        });
  }

  @Override
  public DeleteResult delete(
      ClusterRef ref, String name, boolean force, String actor, Preconditions preconditions) {
    return resources.delete(ref, name, force, actor, preconditions, configs, new Deleting());
  }

  /** A configuration's delete: recorded for the agent when forced, else a turn to Deleting. */
  private final class Deleting implements ResourceLifecycle.Deleting<ConfigurationRow> {
    @Override
    public void markDeleting(Handle h, ClusterRow cluster, ConfigurationRow row, Stamp w) {
      lifecycle.setDeleting(h, row, w);
    }

    @Override
    public void removed(Handle h, String clusterId, String name, Instant now) {
      deletions.record(h, clusterId, name, now);
    }
  }

  /**
   * Turns a configuration to Deleting at state {@code w.version()}: the agent removes it from the
   * cluster and confirms, and only then does the row go. Returns the delete operation's id.
   */
  public String markDeleting(
      Handle h, ClusterRow cluster, ConfigurationRow row, Stamp w, String auditDetail) {
    return lifecycle.markDeleting(h, cluster, row, w, auditDetail);
  }

  /** The configurations of a cluster, in name order. */
  public List<ConfigurationRow> all(Handle h, String clusterId) {
    return configs.all(h, clusterId);
  }

  public OperationStatus operation(ClusterRef ref, String name, String operationId) {
    OperationRow op = resources.operation(ref, name, operationId);
    return new OperationStatus(
        ref.fluxConfigurationId(name) + "/operations/" + op.id(), op.id(), op.status(), op.error());
  }

  /** Drops protected settings the agent confirmed more than {@code age} ago. */
  public int purgeProtectedSettings(java.time.Duration age) {
    Instant cutoff = context.clock().instant().minus(age);
    return context.inTransaction(h -> configs.purgeProtectedSettings(h, cutoff));
  }

  // --- shared with the agent API -------------------------------------------------------------

  public Map<String, String> decryptProtectedSettings(ConfigurationRow row) {
    if (row.sealedProtectedSettings() == null) {
      return null;
    }
    return Json.MAPPER.convertValue(
        Json.tree(resources.unseal(row.clusterId(), row.name(), row.sealedProtectedSettings())),
        new TypeReference<Map<String, String>>() {});
  }
}
