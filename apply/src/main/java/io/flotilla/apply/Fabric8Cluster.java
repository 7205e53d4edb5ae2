package io.flotilla.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.WritableOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Cluster} over a fabric8 client, with its own discovery cache per group/version. */
final class Fabric8Cluster implements Cluster {
  private final KubernetesClient client;
  private final String fieldManager;
  private final Map<String, Map<String, APIResource>> discovery = new ConcurrentHashMap<>();

  Fabric8Cluster(KubernetesClient client, String fieldManager) {
    this.client = client;
    this.fieldManager = fieldManager;
  }

  @Override
  public boolean namespaced(ObjectRef ref) {
    return resource(ref).getNamespaced();
  }

  @Override
  public void refreshDiscovery() {
    discovery.clear();
  }

  @Override
  public Optional<GenericKubernetesResource> get(ObjectRef ref) {
    return Optional.ofNullable(op(ref).withName(ref.name()).get());
  }

  @Override
  public GenericKubernetesResource apply(
      ObjectRef ref, GenericKubernetesResource object, boolean dryRun, boolean strict) {
    Resource<GenericKubernetesResource> resource = op(ref).resource(object);
    WritableOperation<GenericKubernetesResource> write = dryRun ? resource.dryRun() : resource;
    NonDeletingOperation<GenericKubernetesResource> op =
        strict ? write.fieldValidation(FieldValidateable.Validation.STRICT) : write;
    return op.fieldManager(fieldManager).forceConflicts().serverSideApply();
  }

  @Override
  public String fieldManager() {
    return fieldManager;
  }

  @Override
  public void patchJson(ObjectRef ref, List<Map<String, Object>> operations) {
    String patch;
    try {
      patch = Serialization.jsonMapper().writeValueAsString(operations);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode JSON patch", e);
    }
    PatchContext context = PatchContext.of(PatchType.JSON);
    context.setFieldManager(fieldManager);
    op(ref).withName(ref.name()).patch(context, patch);
  }

  @Override
  public boolean delete(ObjectRef ref, String propagation) {
    try {
      return !op(ref)
          .withName(ref.name())
          .withPropagationPolicy(DeletionPropagation.valueOf(propagation.toUpperCase()))
          .delete()
          .isEmpty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      op(ObjectRef ref) {
    APIResource api = resource(ref);
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(ref.group())
            .withVersion(ref.version())
            .withKind(ref.kind())
            .withPlural(api.getName())
            .withNamespaced(api.getNamespaced())
            .build();
    var all = client.genericKubernetesResources(context);
    return api.getNamespaced() ? all.inNamespace(ref.namespace()) : all;
  }

  private APIResource resource(ObjectRef ref) {
    APIResource found = kinds(ref.apiVersion(), false).get(ref.kind());
    if (found == null) {
      // The kind may have appeared since we looked (a CRD applied by someone else).
      found = kinds(ref.apiVersion(), true).get(ref.kind());
    }
    if (found == null) {
      throw new UnknownKindException(ref);
    }
    return found;
  }

  private Map<String, APIResource> kinds(String groupVersion, boolean reload) {
    if (reload) {
      discovery.remove(groupVersion);
    }
    return discovery.computeIfAbsent(groupVersion, this::discover);
  }

  private Map<String, APIResource> discover(String groupVersion) {
    APIResourceList list;
    try {
      list = client.getApiResources(groupVersion);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return Map.of();
      }
      throw e;
    }
    Map<String, APIResource> byKind = new HashMap<>();
    if (list != null && list.getResources() != null) {
      for (APIResource r : list.getResources()) {
        if (!r.getName().contains("/")) { // skip subresources such as deployments/status
          byKind.putIfAbsent(r.getKind(), r);
        }
      }
    }
    return Map.copyOf(byKind);
  }
}
