package io.flotilla.controllers.helmrelease;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.ProgressReport;
import io.flotilla.controllers.runtime.StatusPatch;
import java.util.Objects;

/** The status written between the steps of a release, so users see what runs. */
final class StatusProgress {
  private StatusProgress() {}

  /**
   * Writes the whole status in progress (Reconciling, Ready, and the history and counters of the
   * action that just ran), as helm-controller patches the object between actions: Ready=True is
   * never seen without the release it reports. It is a server-side apply with the field manager
   * JOSDK uses for the final status write (the controller's name), so that a field the final write
   * leaves out goes, rather than being kept alive by a second owner.
   */
  static void write(KubernetesClient client, HelmRelease hr, StatusModel status) {
    long generation = Conditions.generation(hr);
    if (status.conditions.toList().stream()
        .anyMatch(
            c ->
                c.type().equals(ConditionTypes.READY)
                    && c.isTrue()
                    && Objects.equals(c.observedGeneration(), generation))) {
      // Ready for this generation is never seen beside an older observedGeneration
      status.observedGeneration = generation;
    }
    HelmRelease patch = StatusPatch.of(hr, HelmRelease::new);
    patch.setStatus(status.toStatus());
    ProgressReport.write(
        hr,
        () ->
            client
                .resource(patch)
                .subresource("status")
                .patch(
                    new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withForce(true)
                        // the manager of the final status write too (Controllers sets it for
                        // JOSDK): a field the final write drops is then dropped, not kept by a
                        // second owner
                        .withFieldManager(HelmRelease.FIELD_MANAGER)
                        .build()));
  }
}
