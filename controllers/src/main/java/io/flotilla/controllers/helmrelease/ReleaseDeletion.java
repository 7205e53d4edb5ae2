package io.flotilla.controllers.helmrelease;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Finalizers;
import io.flotilla.controllers.runtime.Impersonation;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.helm.Releases;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finalization of a HelmRelease being deleted, as helm-controller's {@code reconcileDelete};
 * {@code forget} drops what the reconciler kept about the object once it may go.
 */
record ReleaseDeletion(
    Function<KubernetesClient, Releases> engine,
    Impersonation impersonation,
    Function<HelmRelease, HelmReleaseSettings> settings,
    Function<HelmRelease, ReleaseEvents> events,
    Clock clock,
    Consumer<HelmRelease> forget) {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseDeletion.class);

  /**
   * Deleting a HelmRelease uninstalls its release (unless suspended) and deletes its HelmChart; a
   * release that is already gone, or one whose service account is gone, lets the object go.
   */
  UpdateControl<HelmRelease> run(KubernetesClient client, HelmRelease hr) {
    if (!hr.hasFinalizer(Annotations.FINALIZER)) {
      return UpdateControl.noUpdate();
    }
    HelmReleaseSpec spec = hr.getSpec();
    long generation = Conditions.generation(hr);
    StatusModel status = new StatusModel(hr.getStatus(), generation, clock);
    if (!Boolean.TRUE.equals(spec.suspend())) {
      if (status.storageNamespace != null && !status.storageNamespace.isEmpty()) {
        String sa = impersonation.serviceAccount(spec.serviceAccountName());
        boolean saGone =
            spec.kubeConfig() == null
                && sa != null
                && client
                        .serviceAccounts()
                        .inNamespace(hr.getMetadata().getNamespace())
                        .withName(sa)
                        .get()
                    == null;
        if (!saGone) {
          try (Impersonation.Target target =
              impersonation.target(
                  hr.getMetadata().getNamespace(), spec.kubeConfig(), spec.serviceAccountName())) {
            Releases releases = engine.apply(target.client());
            if (!Uninstall.forDeletion(
                releases, status, settings.apply(hr).actions().uninstall(), events.apply(hr))) {
              hr.setStatus(status.toStatus());
              return UpdateControl.patchStatus(StatusPatch.of(hr, HelmRelease::new))
                  .rescheduleAfter(Duration.ofSeconds(5));
            }
          } catch (ReconcileException e) {
            // e.g. the kubeconfig Secret went with the namespace: the release cannot be reached
            LOG.info(
                "skipping uninstall of {}/{}: {}",
                hr.getMetadata().getNamespace(),
                hr.getMetadata().getName(),
                e.getMessage());
          }
        }
      }
      if (status.helmChart != null) {
        ChartTemplate.delete(client, status.helmChart);
      }
    }
    Finalizers.remove(client, hr, Annotations.FINALIZER);
    forget.accept(hr);
    return UpdateControl.noUpdate();
  }
}
