package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Annotations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HelmReleases and Kustomizations of a namespace that are still being finalized as its {@code
 * flux-applier} service account (no {@code serviceAccountName} of their own, or that one, and no
 * {@code kubeConfig}). helm-controller uninstalls and kustomize-controller prunes as that account,
 * and helm-controller skips the uninstall of a release whose account is gone, as Flux does; so a
 * configuration's deletion keeps the account and its bindings until they are done, else a release
 * still upgrading when its configuration was deleted would stay installed for good.
 */
final class ApplierInUse {
  /**
   * How long a deletion waits for them at most: a finalizer that never completes (its controller
   * turned off) must not keep the configuration, and the agent's deletion, forever.
   */
  static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private static final List<String[]> KINDS =
      List.of(
          new String[] {HelmRelease.API_VERSION, HelmRelease.KIND},
          new String[] {Kustomization.API_VERSION, Kustomization.KIND});

  private ApplierInUse() {}

  /** {@code <kind>/<name>} of each object in {@code namespace} still finalizing as the account. */
  static List<String> finalizing(KubernetesClient client, String namespace) {
    List<String> out = new ArrayList<>();
    for (String[] kind : KINDS) {
      List<GenericKubernetesResource> items;
      try {
        items =
            client
                .genericKubernetesResources(kind[0], kind[1])
                .inNamespace(namespace)
                .list()
                .getItems();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          continue; // the kind is not served here
        }
        throw e;
      }
      for (GenericKubernetesResource o : items) {
        if (actsAsApplier(o)) {
          out.add(kind[1] + "/" + o.getMetadata().getName());
        }
      }
    }
    return out;
  }

  /** Being deleted, its Flux finalizer still on, and acting as the namespace's flux-applier. */
  static boolean actsAsApplier(GenericKubernetesResource o) {
    var meta = o.getMetadata();
    if (meta.getDeletionTimestamp() == null
        || meta.getFinalizers() == null
        || !meta.getFinalizers().contains(Annotations.FINALIZER)) {
      return false;
    }
    Map<?, ?> spec = o.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? m : Map.of();
    Object account = spec.get("serviceAccountName");
    return spec.get("kubeConfig") == null
        && (account == null
            || account.toString().isEmpty()
            || Tenancy.SERVICE_ACCOUNT.equals(account));
  }

  /** Whether a deletion that began at {@code deletionTimestamp} may still wait at {@code now}. */
  static boolean mayWait(String deletionTimestamp, Instant now) {
    return deletionTimestamp == null
        || now.isBefore(Instant.parse(deletionTimestamp).plus(MAX_WAIT));
  }
}
