package io.flotilla.server.fluxconfig;

import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.lifecycle.ResourceLifecycle;
import io.flotilla.server.lifecycle.ResourceLifecycle.Stamp;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ChildState;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.ExtensionRepository;
import io.flotilla.server.store.ExtensionRow;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The ARM lifecycle of a stored flux configuration, shared by the fluxConfigurations API and
 * assignments: the shared {@link ResourceLifecycle} (operations, audit, sealed settings) with what
 * is particular to configurations — create or update at a cluster state version (Creating/Updating
 * until the agent confirms), the rules that refuse a write (being deleted, immutable fields,
 * dependency cycles, the flux extension being removed), many writes in one batch, and the turn to
 * Deleting. The caller validates the properties and holds the cluster row's lock (by bumping its
 * state version).
 */
public final class ConfigurationLifecycle {
  private final ResourceLifecycle lifecycle;
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final ExtensionRepository extensions = new ExtensionRepository();
  private final OperationRepository operations = new OperationRepository();

  ConfigurationLifecycle(ResourceLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** What a write stored: whether it created the row, the row, and its operation's id. */
  public record Saved(boolean created, ConfigurationRow row, String operationId)
      implements Outcome {}

  /** One write: configuration {@code name} of {@code cluster} becomes {@code desired}. */
  public record Change(
      ClusterRow cluster,
      Optional<ConfigurationRow> existing,
      String name,
      FluxConfigurationProperties desired,
      Map<String, String> secrets,
      Stamp write) {}

  /** What became of one change of {@link #saveAll}. */
  public sealed interface Outcome permits Saved, Refused {}

  /** The change was refused by a rule (nothing of it was written). */
  public record Refused(Change change, ArmException error) implements Outcome {}

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
      Stamp w) {
    Outcome o =
        saveAll(h, List.of(new Change(cluster, existing, name, desired, secrets, w))).get(0);
    return switch (o) {
      case Saved saved -> saved;
      case Refused refused -> throw refused.error();
    };
  }

  /**
   * Many writes in one batch per statement (an assignment writes thousands at once), with the same
   * rules per change as {@link #save}: a refused change is returned as {@link Refused} and the
   * others are written.
   */
  public List<Outcome> saveAll(Handle h, List<Change> changes) {
    Set<String> fluxRemoved = new HashSet<>();
    Map<String, String> fluxExtension = new HashMap<>();
    for (ExtensionRow ext : extensions.deleting(h)) {
      if (isFlux(ext)) {
        fluxRemoved.add(ext.clusterId());
        fluxExtension.put(ext.clusterId(), ext.name());
      }
    }
    List<Outcome> out = new ArrayList<>();
    List<ConfigurationRow> inserts = new ArrayList<>();
    List<ConfigurationRow> updates = new ArrayList<>();
    List<OperationRow> ops = new ArrayList<>();
    List<AuditLog.Write> audit = new ArrayList<>();
    for (Change c : changes) {
      try {
        check(c, fluxRemoved.contains(c.cluster().id()), fluxExtension.get(c.cluster().id()));
        if (c.desired().dependsOn() != null && !c.desired().dependsOn().isEmpty()) {
          FluxConfigurationRules.checkConfigurationCycle(
              c.name(), c.desired().dependsOn(), dependencies(h, c.cluster().id(), c.name()));
        }
      } catch (ArmException e) {
        out.add(new Refused(c, e));
        continue;
      }
      ConfigurationRow row = row(c);
      boolean created = c.existing().isEmpty();
      (created ? inserts : updates).add(row);
      OperationRow op = lifecycle.operation(c.cluster().id(), c.name(), "put", c.write());
      ops.add(op);
      audit.add(
          new AuditLog.Write(
              c.write().now(),
              c.write().actor(),
              ResourceLifecycle.audit(created),
              lifecycle.id(c.cluster().ref(), c.name()),
              "version " + c.write().version()));
      out.add(new Saved(created, row, op.id()));
    }
    configs.insertAll(h, inserts);
    configs.updateAll(h, updates);
    if (!updates.isEmpty()) {
      lifecycle.supersedeAll(
          h,
          updates.stream().map(r -> Map.entry(r.clusterId(), r.name())).toList(),
          updates.get(0).authorship().modifiedAt());
    }
    operations.insertAll(h, ops);
    AuditLog.recordAll(h, audit);
    return out;
  }

  /** The other configurations of the cluster, by name, with their dependsOn. */
  private Map<String, List<String>> dependencies(Handle h, String clusterId, String except) {
    Map<String, List<String>> out = new HashMap<>();
    for (ConfigurationRow row : configs.all(h, clusterId)) {
      if (!row.name().equals(except)) {
        List<String> deps = Json.read(row.desired(), FluxConfigurationProperties.class).dependsOn();
        out.put(row.name(), deps == null ? List.of() : deps);
      }
    }
    return out;
  }

  private void check(Change c, boolean fluxRemoved, String fluxExtension) {
    Optional<ConfigurationRow> existing = c.existing();
    if (existing.isPresent()
        && ProvisioningState.DELETING.equals(existing.get().provisioningState())) {
      throw lifecycle.beingDeleted(c.name());
    }
    existing.ifPresent(
        e ->
            FluxConfigurationRules.checkImmutable(
                Json.read(e.desired(), FluxConfigurationProperties.class), c.desired()));
    if (existing.isEmpty() && fluxRemoved) {
      // A configuration created while the flux extension is being deleted would be deleted with
      // it, or keep the deletion waiting forever: refused until the extension is gone (or back).
      throw new ArmException(
          409,
          "Conflict",
          "The microsoft.flux extension '"
              + fluxExtension
              + "' is being deleted from cluster '"
              + c.cluster().ref().clusterName()
              + "', so flux configuration '"
              + c.name()
              + "' cannot be created now. Wait until the deletion finishes, then install the"
              + " extension again ('k8s-configuration flux create' does it when it is"
              + " missing).");
    }
  }

  private ConfigurationRow row(Change c) {
    Optional<ConfigurationRow> existing = c.existing();
    Stamp w = c.write();
    // Omitted settings keep the stored ones (they cannot be read back to re-send); an empty map
    // clears them.
    String sealed;
    Instant confirmedAt;
    if (c.secrets() == null) {
      sealed = existing.map(ConfigurationRow::sealedProtectedSettings).orElse(null);
      confirmedAt = existing.map(ConfigurationRow::protectedConfirmedAt).orElse(null);
    } else {
      sealed =
          c.secrets().isEmpty() ? null : lifecycle.seal(c.cluster().id(), c.name(), c.secrets());
      confirmedAt = null;
    }
    return new ConfigurationRow(
        c.cluster().id(),
        c.name(),
        Json.write(c.desired()),
        sealed,
        confirmedAt,
        ChildState.written(
            existing.map(ConfigurationRow::state),
            w.version(),
            w.now(),
            w.actor(),
            Json.write(ConfigurationView.initialStatus())));
  }

  /**
   * Turns a configuration to Deleting at state {@code version}: the agent removes it from the
   * cluster and confirms, and only then does the row go. Returns the delete operation's id.
   */
  public String markDeleting(
      Handle h, ClusterRow cluster, ConfigurationRow row, Stamp w, String auditDetail) {
    setDeleting(h, row, w);
    return lifecycle.deleting(h, cluster, row.name(), w, auditDetail);
  }

  /** The row's side of {@link #markDeleting}. */
  void setDeleting(Handle h, ConfigurationRow row, Stamp w) {
    configs.update(h, row.changed(w.version(), ProvisioningState.DELETING, w.now(), w.actor()));
  }

  private static boolean isFlux(ExtensionRow ext) {
    return Json.tree(ext.body())
        .path("properties")
        .path("extensionType")
        .asText("")
        .equalsIgnoreCase("microsoft.flux");
  }
}
