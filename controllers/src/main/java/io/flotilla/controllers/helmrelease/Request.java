package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.helm.Chart;
import io.flotilla.helm.ReleaseRequest;
import io.flotilla.helm.Releases;

/**
 * What one run of the release state machine works with: the object and the status being built, the
 * chart and merged values it must end up with, and the engine acting on the target cluster. {@code
 * renderDigests} are the post-renderers and common metadata digests the release must have been made
 * with; {@code detectDriftByDefault} is the extension's {@code helm-controller.detectDrift}.
 */
record Request(
    HelmRelease hr,
    StatusModel status,
    ReleaseNames names,
    Chart chart,
    ObjectNode values,
    String valuesDigest,
    String ociDigest,
    String postRenderersDigest,
    String commonMetadataDigest,
    Releases releases,
    ActionSettings settings,
    ReleaseEvents events,
    boolean detectDriftByDefault) {

  ReleaseRequest releaseRequest(io.flotilla.helm.ActionOptions options) {
    return new ReleaseRequest(
        names.release(), names.targetNamespace(), names.storageNamespace(), values, options);
  }

  boolean testEnabled() {
    return hr.getSpec().test() != null && Boolean.TRUE.equals(hr.getSpec().test().enable());
  }

  boolean testIgnoreFailures() {
    return hr.getSpec().test() != null && Boolean.TRUE.equals(hr.getSpec().test().ignoreFailures());
  }

  /** {@code driftDetection.mode}, defaulting to the extension setting (enabled or disabled). */
  long generation() {
    Long g = hr.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  String driftMode() {
    var dd = hr.getSpec().driftDetection();
    if (dd != null && dd.mode() != null && !dd.mode().isEmpty()) {
      return dd.mode();
    }
    return detectDriftByDefault ? "enabled" : "disabled";
  }

  Remediation activeRemediation() {
    return Remediation.active(hr, status);
  }

  /** Whether test failures are ignored for the active remediation (else the test setting). */
  boolean ignoreTestFailures() {
    Remediation r = activeRemediation();
    return r == null ? testIgnoreFailures() : r.mustIgnoreTestFailures(testIgnoreFailures());
  }
}
