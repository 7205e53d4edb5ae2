package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * controller-runtime's {@code CreateOrUpdate} as flux's create commands use it: a new object is
 * created; an existing one keeps its metadata but takes the new labels and spec.
 */
final class Upsert {
  private Upsert() {}

  /** Returns true when the object was created, false when an existing one was updated. */
  static boolean apply(Kube kube, FluxKind kind, ObjectNode desired) {
    String ns = desired.path("metadata").path("namespace").asText();
    String name = desired.path("metadata").path("name").asText();
    var existing = kube.find(kind, ns, name);
    var op = kube.resources(kind).inNamespace(ns);
    if (existing.isEmpty()) {
      kube.call(() -> op.resource(generic(desired)).create());
      return true;
    }
    ObjectNode updated = existing.get().json().deepCopy();
    ObjectNode meta = (ObjectNode) updated.get("metadata");
    if (desired.path("metadata").has("labels")) {
      meta.set("labels", desired.path("metadata").get("labels"));
    } else {
      meta.remove("labels");
    }
    updated.set("spec", desired.get("spec"));
    kube.call(() -> op.resource(generic(updated)).update());
    return false;
  }

  /** Creates the Secret, or replaces the data of the one of that name. */
  static void secret(Kube kube, Secret secret) {
    kube.call(
        () ->
            kube.client()
                .secrets()
                .inNamespace(secret.getMetadata().getNamespace())
                .resource(secret)
                .createOr(existing -> existing.update()));
  }

  private static GenericKubernetesResource generic(ObjectNode o) {
    return Kube.JSON.convertValue(o, GenericKubernetesResource.class);
  }
}
