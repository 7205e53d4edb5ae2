package io.flotilla.controllers.image;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.image.ImageRepository;
import io.flotilla.api.flux.image.ImageRepositorySpec;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import java.util.Map;

/**
 * Flux's cross-namespace rule for an ImagePolicy's repository: the same namespace is always
 * allowed; another namespace only where the repository's {@code spec.accessFrom} selects the
 * policy's namespace by its labels. Flux's messages.
 */
final class RepositoryAcl {
  private RepositoryAcl() {}

  /** Throws AccessDenied unless a policy in {@code policyNamespace} may read {@code repo}. */
  static void check(KubernetesClient client, String policyNamespace, ImageRepository repo)
      throws ReconcileException {
    String repoNamespace = repo.getMetadata().getNamespace();
    if (policyNamespace.equals(repoNamespace)) {
      return;
    }
    String ref = repoNamespace + "/" + repo.getMetadata().getName();
    ImageRepositorySpec.AccessFrom acl = repo.getSpec().accessFrom();
    if (acl == null) {
      throw denied(
          "'%s' can't be accessed due to missing ACL labels on 'accessFrom'".formatted(ref));
    }
    Namespace ns;
    try {
      ns = client.namespaces().withName(policyNamespace).get();
    } catch (KubernetesClientException e) {
      throw new ReconcileException(
          Reasons.FAILED,
          "cannot read namespace '%s' for 'accessFrom': %s"
              .formatted(policyNamespace, e.getMessage()),
          false);
    }
    Map<String, String> labels =
        ns == null || ns.getMetadata().getLabels() == null
            ? Map.of()
            : ns.getMetadata().getLabels();
    if (!admits(acl, labels)) {
      throw denied(
          "'%s' can't be accessed due to ACL labels mismatch on namespace '%s'"
              .formatted(ref, policyNamespace));
    }
  }

  /** Whether any selector matches {@code labels}; an empty selector matches every namespace. */
  static boolean admits(ImageRepositorySpec.AccessFrom acl, Map<String, String> labels) {
    if (acl.namespaceSelectors() == null) {
      return false;
    }
    return acl.namespaceSelectors().stream()
        .anyMatch(
            s ->
                s.matchLabels() == null
                    || s.matchLabels().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(labels.get(e.getKey()))));
  }

  private static ReconcileException denied(String message) {
    return new ReconcileException(Reasons.ACCESS_DENIED, message, true);
  }
}
