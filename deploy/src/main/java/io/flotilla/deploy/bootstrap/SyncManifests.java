package io.flotilla.deploy.bootstrap;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.flotilla.deploy.install.Manifests;
import java.util.List;

/**
 * The files {@code flux bootstrap git} commits under {@code <path>/flux-system/}: the components,
 * the {@code flux-system} GitRepository and Kustomization that sync {@code <path>}, and the
 * kustomization.yaml that lists both.
 */
record SyncManifests(String namespace, String url, String branch, String path, String interval) {
  static final String NAME = "flux-system";

  static final String KUSTOMIZATION_YAML =
      """
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      resources:
      - gotk-components.yaml
      - gotk-sync.yaml
      """;

  /** The GitRepository and Kustomization, in that order. */
  List<GenericKubernetesResource> objects() {
    return Manifests.parse(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: %1$s
          namespace: %2$s
        spec:
          interval: %6$s
          ref:
            branch: %4$s
          secretRef:
            name: %1$s
          url: %3$s
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %1$s
          namespace: %2$s
        spec:
          interval: 10m0s
          path: ./%5$s
          prune: true
          # the Kustomization is in its own inventory: waiting for its own health would never end
          wait: false
          sourceRef:
            kind: GitRepository
            name: %1$s
        """
            .formatted(NAME, namespace, quoted(url), quoted(branch), path, interval));
  }

  String yaml() {
    return Manifests.yaml(objects());
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
