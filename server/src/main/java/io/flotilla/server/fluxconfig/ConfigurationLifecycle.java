package io.flotilla.server.fluxconfig;

import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.security.ProtectedSettingsCipher;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.ExtensionRepository;
import io.flotilla.server.store.ExtensionRow;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The one ARM lifecycle of a stored flux configuration, shared by the fluxConfigurations API and
 * assignments: create or update at a cluster state version (Creating/Updating until the agent
 * confirms), the rules that refuse a write (being deleted, immutable fields, the flux extension
 * being removed), the long-running operation and the audit row; and the turn to Deleting. The
 * caller validates the properties and holds the cluster row's lock (by bumping its state version).
 */
public final class ConfigurationLifecycle {
  private final ProtectedSettingsCipher cipher;
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final ExtensionRepository extensions = new ExtensionRepository();
  private final OperationRepository operations = new OperationRepository();

  public ConfigurationLifecycle(ProtectedSettingsCipher cipher) {
    this.cipher = cipher;
  }

  /** Who writes, when, and at which cluster state version. */
  public record Write(String actor, Instant now, long version) {}

  /** What a write stored: whether it created the row, the row, and its operation's id. */
  public record Saved(boolean created, ConfigurationRow row, String operationId) {}

  /**
   * Stores {@code desired} (validated and defaulted) as configuration {@code name}; {@code secrets}
   * null keeps the stored protected settings, an empty map clears them.
   */
  public Saved save(
      Handle h,
      ClusterRow cluster,
      Optional<ConfigurationRow> existing,
      String name,
      FluxConfigurationProperties desired,
      Map<String, String> secrets,
      Write w) {
    if (existing.isPresent()
        && ProvisioningState.DELETING.equals(existing.get().provisioningState())) {
      throw new ArmException(
          409,
          "Conflict",
          "The flux configuration '"
              + name
              + "' is being deleted. Wait until the deletion finishes (or delete it"
              + " with forceDelete=true), then create it again.");
    }
    existing.ifPresent(
        e ->
            FluxConfigurationRules.checkImmutable(
                Json.read(e.desired(), FluxConfigurationProperties.class), desired));
    if (existing.isEmpty()) {
      refuseWhileFluxIsRemoved(h, cluster, name);
    }
    // Omitted settings keep the stored ones (they cannot be read back to re-send); an empty map
    // clears them.
    String sealed;
    Instant confirmedAt;
    if (secrets == null) {
      sealed = existing.map(ConfigurationRow::sealedProtectedSettings).orElse(null);
      confirmedAt = existing.map(ConfigurationRow::protectedConfirmedAt).orElse(null);
    } else {
      sealed =
          secrets.isEmpty()
              ? null
              : cipher.encrypt(
                  Json.write(secrets), FluxConfigurationService.aad(cluster.id(), name));
      confirmedAt = null;
    }
    boolean created = existing.isEmpty();
    ConfigurationRow row =
        new ConfigurationRow(
            cluster.id(),
            name,
            Json.write(desired),
            sealed,
            confirmedAt,
            w.version(),
            created ? ProvisioningState.CREATING : ProvisioningState.UPDATING,
            existing
                .map(ConfigurationRow::status)
                .orElse(Json.write(FluxConfigurationService.initialStatus())),
            existing.map(ConfigurationRow::createdAt).orElse(w.now()),
            existing.map(ConfigurationRow::createdBy).orElse(w.actor()),
            w.now(),
            w.actor());
    if (created) {
      configs.insert(h, row);
    } else {
      configs.update(h, row);
      operations.finish(
          h,
          cluster.id(),
          FluxConfigurationService.RESOURCE_TYPE,
          name,
          "put",
          null,
          OperationRow.CANCELED,
          "superseded by a newer change",
          w.now());
    }
    String opId = newOperation(h, cluster.id(), name, "put", w.version(), w.now());
    AuditLog.record(
        h,
        w.now(),
        w.actor(),
        created ? "create" : "update",
        cluster.ref().fluxConfigurationId(name),
        "version " + w.version());
    return new Saved(created, row, opId);
  }

  /**
   * Turns a configuration to Deleting at state {@code version}: the agent removes it from the
   * cluster and confirms, and only then does the row go. Returns the delete operation's id.
   */
  public String markDeleting(
      Handle h, ClusterRow cluster, ConfigurationRow row, Write w, String auditDetail) {
    configs.update(h, row.changed(w.version(), ProvisioningState.DELETING, w.now(), w.actor()));
    operations.finish(
        h,
        cluster.id(),
        FluxConfigurationService.RESOURCE_TYPE,
        row.name(),
        "put",
        null,
        OperationRow.CANCELED,
        "superseded by a delete",
        w.now());
    String opId = newOperation(h, cluster.id(), row.name(), "delete", w.version(), w.now());
    AuditLog.record(
        h,
        w.now(),
        w.actor(),
        "delete",
        cluster.ref().fluxConfigurationId(row.name()),
        auditDetail);
    return opId;
  }

  /**
   * A configuration created while the flux extension is being deleted would be deleted with it, or
   * keep the deletion waiting forever: refused until the extension is gone (or back).
   */
  private void refuseWhileFluxIsRemoved(Handle h, ClusterRow cluster, String name) {
    for (ExtensionRow ext : extensions.all(h, cluster.id())) {
      if (ProvisioningState.DELETING.equals(ext.provisioningState())
          && Json.tree(ext.body())
              .path("properties")
              .path("extensionType")
              .asText("")
              .equalsIgnoreCase("microsoft.flux")) {
        throw new ArmException(
            409,
            "Conflict",
            "The microsoft.flux extension '"
                + ext.name()
                + "' is being deleted from cluster '"
                + cluster.ref().clusterName()
                + "', so flux configuration '"
                + name
                + "' cannot be created now. Wait until the deletion finishes, then install the"
                + " extension again ('k8s-configuration flux create' does it when it is"
                + " missing).");
      }
    }
  }

  private String newOperation(
      Handle h, String clusterId, String name, String action, long version, Instant now) {
    String id = UUID.randomUUID().toString();
    operations.insert(
        h,
        new OperationRow(
            id,
            clusterId,
            FluxConfigurationService.RESOURCE_TYPE,
            name,
            action,
            version,
            OperationRow.IN_PROGRESS,
            null,
            now,
            now));
    return id;
  }
}
