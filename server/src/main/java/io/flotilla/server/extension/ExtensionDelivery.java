package io.flotilla.server.extension;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.agent.DesiredExtension;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.Json;
import io.flotilla.server.lifecycle.ResourceLifecycle;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ExtensionRepository;
import io.flotilla.server.store.ExtensionRow;
import io.flotilla.server.store.OperationRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The agent's side of extensions: what it receives ({@link DesiredExtension}), and how its taking
 * the state or its reports ({@link ExtensionStatus}) end the extensions' operations.
 */
final class ExtensionDelivery {
  private final Clock clock;
  private final ResourceLifecycle lifecycle;
  private final FluxConfigurationService fluxConfigurations;
  private final ExtensionRepository extensions = new ExtensionRepository();

  ExtensionDelivery(
      Clock clock, ResourceLifecycle lifecycle, FluxConfigurationService fluxConfigurations) {
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.fluxConfigurations = fluxConfigurations;
  }

  /** The extensions of a cluster as the agent receives them (protected settings decrypted). */
  List<DesiredExtension> desired(Handle h, ClusterRow cluster) {
    List<DesiredExtension> out = new ArrayList<>();
    for (ExtensionRow row : extensions.all(h, cluster.id())) {
      ObjectNode p = ((ObjectNode) Json.tree(row.body()).path("properties")).deepCopy();
      if (row.sealedProtectedSettings() != null) {
        p.set(
            "configurationProtectedSettings",
            Json.tree(lifecycle.unseal(cluster.id(), row.name(), row.sealedProtectedSettings())));
      }
      out.add(
          new DesiredExtension(
              lifecycle.id(cluster.ref(), row.name()),
              row.name(),
              row.version(),
              removable(h, cluster, row),
              Json.MAPPER.convertValue(p, DesiredExtension.Properties.class)));
    }
    return out;
  }

  /**
   * The agent has received the cluster's state at {@code stateVersion}: extensions changed up to
   * that version are in the cluster (Succeeded), those being deleted are gone. An agent that
   * reports extension status later may still turn one to Failed.
   */
  boolean delivered(Handle h, ClusterRow cluster, long stateVersion, String actor) {
    Instant now = clock.instant();
    boolean removed = false;
    for (ExtensionRow row : extensions.all(h, cluster.id())) {
      if (row.version() > stateVersion) {
        continue;
      }
      String state = row.provisioningState();
      if (ProvisioningState.DELETING.equals(state)) {
        if (!removable(h, cluster, row)) {
          continue;
        }
        removed(h, cluster, row, actor, now);
        removed = true;
      } else if (ProvisioningState.CREATING.equals(state)
          || ProvisioningState.UPDATING.equals(state)) {
        extensions.setState(
            h, cluster.id(), row.name(), row.version(), ProvisioningState.SUCCEEDED, row.status());
        finish(h, cluster, row, "put", OperationRow.SUCCEEDED, null, now);
        AuditLog.record(
            h,
            now,
            actor,
            "provisioned",
            lifecycle.id(cluster.ref(), row.name()),
            ProvisioningState.SUCCEEDED);
      }
    }
    return removed;
  }

  private void removed(Handle h, ClusterRow cluster, ExtensionRow row, String actor, Instant now) {
    extensions.delete(h, cluster.id(), row.name());
    finish(h, cluster, row, "delete", OperationRow.SUCCEEDED, null, now);
    AuditLog.record(h, now, actor, "deleted", lifecycle.id(cluster.ref(), row.name()), null);
  }

  /**
   * Whether the agent may remove the extension now: it is being deleted, and, for the flux
   * extension, the cluster's configurations are gone (their Flux objects need the controllers and
   * CRDs the extension's removal takes away).
   */
  private boolean removable(Handle h, ClusterRow cluster, ExtensionRow row) {
    return ProvisioningState.DELETING.equals(row.provisioningState())
        && !(FluxExtensionRules.isFlux(row) && !fluxConfigurations.all(h, cluster.id()).isEmpty());
  }

  /** What an agent that manages extensions says about one: it wins over delivery. */
  boolean report(Handle h, ClusterRow cluster, ExtensionStatus s, String actor) {
    if (s == null || s.name() == null) {
      return false;
    }
    Instant now = clock.instant();
    var found = extensions.find(h, cluster.id(), s.name());
    if (found.isEmpty() || found.get().version() != s.appliedVersion()) {
      return false; // unknown, or about an older change than the current one
    }
    ExtensionRow row = found.get();
    if (s.deleted()) {
      if (removable(h, cluster, row)) {
        removed(h, cluster, row, actor, now);
        return true;
      }
      return false;
    }
    if (ProvisioningState.DELETING.equals(row.provisioningState())) {
      return false;
    }
    boolean failed = ProvisioningState.FAILED.equalsIgnoreCase(s.provisioningState());
    String state = failed ? ProvisioningState.FAILED : ProvisioningState.SUCCEEDED;
    ObjectNode status = Json.MAPPER.createObjectNode();
    if (s.currentVersion() != null) status.put("currentVersion", s.currentVersion());
    status.set(
        "statuses", Json.MAPPER.valueToTree(s.statuses() == null ? List.of() : s.statuses()));
    if (s.errorMessage() != null && !s.errorMessage().isBlank()) {
      status.put("errorMessage", s.errorMessage());
    }
    extensions.setState(h, cluster.id(), row.name(), row.version(), state, Json.write(status));
    finish(
        h,
        cluster,
        row,
        "put",
        failed ? OperationRow.FAILED : OperationRow.SUCCEEDED,
        failed ? failureMessage(s) : null,
        now);
    if (!state.equals(row.provisioningState())) {
      AuditLog.record(h, now, actor, "provisioned", lifecycle.id(cluster.ref(), row.name()), state);
    }
    return false;
  }

  private static String failureMessage(ExtensionStatus s) {
    return s.errorMessage() == null || s.errorMessage().isBlank()
        ? "The agent reported that the extension failed to install."
        : s.errorMessage();
  }

  private void finish(
      Handle h,
      ClusterRow cluster,
      ExtensionRow row,
      String action,
      String status,
      String error,
      Instant now) {
    lifecycle.finish(h, cluster.id(), row.name(), action, row.version(), status, error, now);
  }
}
