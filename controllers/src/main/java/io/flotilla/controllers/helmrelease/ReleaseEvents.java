package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmRelease;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the release actions report, as helm-controller's AnnotatedEventf: reason, message, and the
 * {@code helm.toolkit.fluxcd.io/revision} (chart version), {@code /token} (config digest), {@code
 * /app-version} and {@code /oci-digest} annotations. Bound to one HelmRelease.
 */
interface ReleaseEvents {
  String PREFIX = "helm.toolkit.fluxcd.io/";

  void normal(String reason, String message, Map<String, String> annotations);

  void warning(String reason, String message, Map<String, String> annotations);

  /** The events of {@code hr}, through the controller's recorder. */
  static ReleaseEvents of(io.flotilla.controllers.runtime.EventRecorder events, HelmRelease hr) {
    return new ReleaseEvents() {
      @Override
      public void normal(String reason, String message, Map<String, String> annotations) {
        events.normal(hr, reason, message, annotations);
      }

      @Override
      public void warning(String reason, String message, Map<String, String> annotations) {
        events.warning(hr, reason, message, annotations);
      }
    };
  }

  static Map<String, String> meta(
      String revision, String token, String appVersion, String ociDigest) {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "revision", revision);
    put(m, "token", token);
    put(m, "app-version", appVersion);
    put(m, "oci-digest", ociDigest);
    return m;
  }

  private static void put(Map<String, String> m, String key, String value) {
    if (value != null && !value.isEmpty()) {
      m.put(PREFIX + key, value);
    }
  }
}
