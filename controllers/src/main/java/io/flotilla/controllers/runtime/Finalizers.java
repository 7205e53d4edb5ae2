package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * Flux's finalizer {@code finalizers.fluxcd.io} is valid for Kubernetes but not for JOSDK's
 * finalizer-name check, so the Flux reconcilers manage it themselves (JOSDK's
 * triggerReconcilerOnAllEvents mode): add it before the first change, remove it after cleanup.
 */
public final class Finalizers {
  private Finalizers() {}

  public static <R extends HasMetadata> void add(
      KubernetesClient client, R object, String finalizer) {
    client
        .resource(object)
        .edit(
            r -> {
              List<String> list =
                  new ArrayList<>(
                      r.getMetadata().getFinalizers() == null
                          ? List.of()
                          : r.getMetadata().getFinalizers());
              if (!list.contains(finalizer)) {
                list.add(finalizer);
              }
              r.getMetadata().setFinalizers(list);
              return r;
            });
  }

  public static <R extends HasMetadata> void remove(
      KubernetesClient client, R object, String finalizer) {
    try {
      client
          .resource(object)
          .edit(
              r -> {
                List<String> list =
                    new ArrayList<>(
                        r.getMetadata().getFinalizers() == null
                            ? List.of()
                            : r.getMetadata().getFinalizers());
                list.remove(finalizer);
                r.getMetadata().setFinalizers(list);
                return r;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
