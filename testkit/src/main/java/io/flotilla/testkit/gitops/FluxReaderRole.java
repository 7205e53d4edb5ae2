package io.flotilla.testkit.gitops;

/** The RBAC a joined cluster's admin writes so that someone may read its Flux objects. */
public final class FluxReaderRole {
  private FluxReaderRole() {}

  /**
   * ClusterRole {@code name} granting {@code verbs} (e.g. {@code "get, list"}) on every resource of
   * Flux's source, kustomize, helm and notification API groups, as YAML.
   */
  public static String yaml(String name, String verbs) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: %s}
        rules:
          - apiGroups: [source.toolkit.fluxcd.io, kustomize.toolkit.fluxcd.io, helm.toolkit.fluxcd.io, notification.toolkit.fluxcd.io]
            resources: ["*"]
            verbs: [%s]
        """
        .formatted(name, verbs);
  }
}
