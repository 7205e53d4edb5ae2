package io.flotilla.server.store;

/**
 * One row of {@code extensions}: the resource JSON without protected settings, plus ciphertext;
 * {@code version} is the cluster state version of the last change, {@code status} the agent's last
 * report (JSON, may be null).
 */
public record ExtensionRow(
    String clusterId, String name, String body, String sealedProtectedSettings, ChildState state)
    implements ChildRow {

  public ExtensionRow with(ChildState newState) {
    return new ExtensionRow(clusterId, name, body, sealedProtectedSettings, newState);
  }
}
