package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Flux's finalizer {@code finalizers.fluxcd.io} is valid for Kubernetes but not for JOSDK's
 * finalizer-name check, so the Flux reconcilers manage it themselves (JOSDK's
 * triggerReconcilerOnAllEvents mode): add it before the first change, remove it after cleanup.
 */
public final class Finalizers {
  private Finalizers() {}

  public static <R extends HasMetadata> void add(
      KubernetesClient client, R object, String finalizer) {
    edit(
        client,
        object,
        list -> {
          if (!list.contains(finalizer)) {
            list.add(finalizer);
          }
        });
  }

  /** Removes the finalizer; an object that is already gone is fine. */
  public static <R extends HasMetadata> void remove(
      KubernetesClient client, R object, String finalizer) {
    try {
      edit(client, object, list -> list.remove(finalizer));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static <R extends HasMetadata> void edit(
      KubernetesClient client, R object, Consumer<List<String>> change) {
    client
        .resource(object)
        .edit(
            r -> {
              List<String> list =
                  new ArrayList<>(
                      r.getMetadata().getFinalizers() == null
                          ? List.of()
                          : r.getMetadata().getFinalizers());
              change.accept(list);
              r.getMetadata().setFinalizers(list);
              return r;
            });
  }
}
