package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settings of helm-controller's API that Flotilla's engine does not act on, refused with a message
 * naming the field instead of being accepted and ignored. The engine applies every release by
 * server-side apply and always takes ownership of existing objects (helm-controller's defaults);
 * turning either off, or reusing the previous release's values, is not implemented.
 */
final class UnsupportedSettings {
  private UnsupportedSettings() {}

  /** The refusal for {@code spec}, or empty when every setting it uses is acted on. */
  static Optional<String> check(HelmReleaseSpec spec) {
    List<String> refused = new ArrayList<>();
    HelmReleaseSpec.Install i = spec.install();
    if (i != null) {
      if (Boolean.FALSE.equals(i.serverSideApply())) {
        refused.add(
            "spec.install.serverSideApply: false (client-side apply) is not supported; remove it,"
                + " releases are applied server-side");
      }
      if (Boolean.TRUE.equals(i.disableTakeOwnership())) {
        refused.add(takeOwnership("install"));
      }
    }
    HelmReleaseSpec.Upgrade u = spec.upgrade();
    if (u != null) {
      if ("disabled".equals(u.serverSideApply())) {
        refused.add(
            "spec.upgrade.serverSideApply: disabled (client-side apply) is not supported; remove"
                + " it or set 'enabled' or 'auto'");
      }
      if (Boolean.TRUE.equals(u.disableTakeOwnership())) {
        refused.add(takeOwnership("upgrade"));
      }
      if (Boolean.TRUE.equals(u.preserveValues())) {
        refused.add(
            "spec.upgrade.preserveValues: true is not supported; remove it and set every value"
                + " in spec.values or spec.valuesFrom");
      }
    }
    return refused.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", refused));
  }

  private static String takeOwnership(String action) {
    return "spec."
        + action
        + ".disableTakeOwnership: true is not supported; remove it, existing"
        + " objects are taken over by the release";
  }
}
