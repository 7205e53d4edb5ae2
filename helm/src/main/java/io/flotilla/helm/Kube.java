package io.flotilla.helm;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.flotilla.apply.ObjectRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The few direct cluster calls the engine makes besides server-side apply: discovery, create,
 * delete, polls.
 */
final class Kube {
  private final KubernetesClient client;
  private final Map<String, Boolean> namespaced = new ConcurrentHashMap<>();

  Kube(KubernetesClient client) {
    this.client = client;
  }

  KubernetesClient client() {
    return client;
  }

  /**
   * Puts namespaced objects without a namespace into the release namespace, as Helm does; a kind
   * discovery does not know yet is taken as namespaced.
   */
  List<GenericKubernetesResource> defaultNamespace(
      List<GenericKubernetesResource> objects, String namespace) {
    List<GenericKubernetesResource> out = new ArrayList<>(objects.size());
    for (GenericKubernetesResource o : objects) {
      String ns = o.getMetadata().getNamespace();
      if ((ns == null || ns.isEmpty()) && namespaced(o.getApiVersion(), o.getKind())) {
        o = copy(o);
        o.getMetadata().setNamespace(namespace);
      }
      out.add(o);
    }
    return out;
  }

  boolean namespaced(String apiVersion, String kind) {
    String key = apiVersion + "/" + kind;
    Boolean known = namespaced.get(key);
    if (known != null) return known;
    try {
      APIResourceList list = client.getApiResources(apiVersion);
      if (list != null) {
        for (APIResource r : list.getResources()) {
          if (kind.equals(r.getKind()) && !r.getName().contains("/")) {
            boolean n = Boolean.TRUE.equals(r.getNamespaced());
            namespaced.put(key, n);
            return n;
          }
        }
      }
    } catch (KubernetesClientException e) {
      // unknown group/version: taken as namespaced, not cached (its CRD may come later)
    }
    return true;
  }

  Resource<GenericKubernetesResource> resource(GenericKubernetesResource o) {
    return client.resource(o);
  }

  GenericKubernetesResource get(GenericKubernetesResource o) {
    try {
      return client.resource(o).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return null;
      throw e;
    }
  }

  /** Deletes and waits until the object is gone (hooks are recreated under the same name). */
  boolean deleteAndWait(GenericKubernetesResource o, String propagation, Duration timeout)
      throws InterruptedException, KubernetesClientException {
    try {
      client
          .resource(o)
          .withPropagationPolicy(
              io.fabric8.kubernetes.api.model.DeletionPropagation.valueOf(
                  propagation.toUpperCase()))
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e;
    }
    return await(o, timeout, Objects::isNull);
  }

  /**
   * Waits on a watch of {@code o} until {@code done} holds for its live state (null once it is
   * gone) or the timeout; returns whether it held.
   */
  boolean await(
      GenericKubernetesResource o, Duration timeout, Predicate<GenericKubernetesResource> done)
      throws InterruptedException {
    try {
      client.resource(o).waitUntilCondition(done, timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (KubernetesClientTimeoutException e) {
      return false;
    } finally {
      if (Thread.interrupted()) throw new InterruptedException("waiting for " + ref(o).subject());
    }
  }

  static GenericKubernetesResource copy(GenericKubernetesResource o) {
    return Charts.YAML.convertValue(o, GenericKubernetesResource.class);
  }

  static ObjectRef ref(GenericKubernetesResource o) {
    return ObjectRef.of(o);
  }

  static <T> List<T> filter(List<T> in, Predicate<T> p) {
    return in.stream().filter(p).toList();
  }
}
