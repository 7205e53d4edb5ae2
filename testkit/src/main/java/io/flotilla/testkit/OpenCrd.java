package io.flotilla.testkit;

/** A CustomResourceDefinition for tests whose kind keeps whatever fields its objects hold. */
public final class OpenCrd {
  private OpenCrd() {}

  /**
   * The YAML of CRD {@code <plural>.<group>}: namespaced, singular the kind in lower case, listKind
   * {@code <kind>List}, one version {@code v1} served and stored with an open schema.
   */
  public static String yaml(String group, String kind, String plural) {
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %2$s.%1$s}
        spec:
          group: %1$s
          scope: Namespaced
          names: {kind: %3$s, plural: %2$s, singular: %4$s, listKind: %3$sList}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """
        .formatted(group, plural, kind, kind.toLowerCase());
  }
}
