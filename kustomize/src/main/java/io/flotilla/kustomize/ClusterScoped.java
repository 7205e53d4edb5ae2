package io.flotilla.kustomize;

import java.util.Set;

/**
 * Built-in kinds that are not namespaced. kustomize reads this from its bundled OpenAPI schema;
 * unknown kinds (custom resources) are treated as namespaced, as kustomize does.
 */
public final class ClusterScoped {
  private ClusterScoped() {}

  private static final Set<String> KINDS =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "ComponentStatus",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "StorageClass",
          "CSIDriver",
          "CSINode",
          "VolumeAttachment",
          "PriorityClass",
          "IngressClass",
          "RuntimeClass",
          "APIService",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "CertificateSigningRequest",
          "PodSecurityPolicy",
          "FlowSchema",
          "PriorityLevelConfiguration",
          "SelfSubjectReview",
          "TokenReview",
          "SubjectAccessReview",
          "SelfSubjectAccessReview",
          "SelfSubjectRulesReview");

  static boolean is(ResId id) {
    return KINDS.contains(id.kind());
  }

  /** For callers outside kustomize that place objects of a manifest (a Helm release's). */
  public static boolean kind(String kind) {
    return KINDS.contains(kind);
  }
}
