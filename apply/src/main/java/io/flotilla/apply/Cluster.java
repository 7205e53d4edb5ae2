package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few API calls the resource manager makes, behind a seam so the apply, prune and wait logic
 * can be specified without a server. Errors are fabric8 {@code KubernetesClientException}s.
 */
interface Cluster {

  /** Whether the kind is namespaced; throws {@link UnknownKindException} if no API serves it. */
  boolean namespaced(ObjectRef ref);

  /** Forget cached API discovery, e.g. after applying CustomResourceDefinitions. */
  void refreshDiscovery();

  /** The live object, or empty if it does not exist. */
  Optional<GenericKubernetesResource> get(ObjectRef ref);

  /**
   * Server-side apply with forced ownership; {@code dryRun} asks the server not to persist, {@code
   * strict} to refuse fields the schema does not declare ({@code fieldValidation=Strict}).
   */
  GenericKubernetesResource apply(
      ObjectRef ref, GenericKubernetesResource object, boolean dryRun, boolean strict);

  /** The server-side apply field manager, e.g. {@code kustomize-controller}. */
  String fieldManager();

  /** An RFC 6902 JSON patch, used for the metadata cleanup before apply. */
  void patchJson(ObjectRef ref, List<Map<String, Object>> operations);

  /** Delete; returns false if the object was already gone. */
  boolean delete(ObjectRef ref, String propagation);

  /** A kind the API server does not serve (yet). */
  final class UnknownKindException extends RuntimeException {
    UnknownKindException(ObjectRef ref) {
      super("no matches for kind \"%s\" in version \"%s\"".formatted(ref.kind(), ref.apiVersion()));
    }
  }
}
