package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An in-memory stand-in for the API server, enough to specify the apply/prune logic: apply replaces
 * everything but server-owned metadata, a real write bumps resourceVersion, CRDs make their kind
 * known only after discovery is refreshed.
 */
final class FakeCluster implements Cluster {
  final Map<String, GenericKubernetesResource> store = Collections.synchronizedMap(new HashMap<>());
  final List<String> writes = Collections.synchronizedList(new ArrayList<>());
  final List<String> deletes = Collections.synchronizedList(new ArrayList<>());
  final List<String> reads = Collections.synchronizedList(new ArrayList<>());
  final List<String> dryRuns = Collections.synchronizedList(new ArrayList<>());
  final Set<String> clusterScopedKinds =
      new HashSet<>(
          Set.of(
              "Namespace",
              "CustomResourceDefinition",
              "ClusterRole",
              "ClusterRoleBinding",
              "StorageClass"));
  final Set<String> knownKinds = new HashSet<>(clusterScopedKinds);

  {
    knownKinds.addAll(
        Set.of(
            "ConfigMap",
            "Secret",
            "Service",
            "Deployment",
            "Job",
            "ServiceAccount",
            "Role",
            "RoleBinding"));
  }

  private final Set<String> pendingKinds = new HashSet<>();

  /** Per subject: an error the next dry-run of a changed object throws (e.g. immutable field). */
  final Map<String, Function<GenericKubernetesResource, KubernetesClientException>> dryRunErrors =
      new HashMap<>();

  int discoveryRefreshes;
  private long version = 100;

  private static String key(ObjectRef ref) {
    return ref.inventoryId();
  }

  void put(GenericKubernetesResource object) {
    GenericKubernetesResource copy = Tree.toResource(Tree.of(object));
    copy.getMetadata().setResourceVersion(Long.toString(++version));
    copy.getMetadata().setUid("uid-" + version);
    store.put(key(ObjectRef.of(copy)), copy);
  }

  GenericKubernetesResource live(ObjectRef ref) {
    return store.get(key(ref));
  }

  @Override
  public boolean namespaced(ObjectRef ref) {
    if (!knownKinds.contains(ref.kind())) {
      throw new UnknownKindException(ref);
    }
    return !clusterScopedKinds.contains(ref.kind());
  }

  @Override
  public synchronized void refreshDiscovery() {
    discoveryRefreshes++;
    knownKinds.addAll(pendingKinds);
    pendingKinds.clear();
  }

  @Override
  public Optional<GenericKubernetesResource> get(ObjectRef ref) {
    namespaced(ref);
    reads.add(ref.subject());
    return Optional.ofNullable(store.get(key(ref))).map(o -> Tree.toResource(Tree.of(o)));
  }

  @Override
  public GenericKubernetesResource apply(
      ObjectRef ref, GenericKubernetesResource object, boolean dryRun) {
    namespaced(ref);
    GenericKubernetesResource live = store.get(key(ref));
    var error = dryRunErrors.get(ref.subject());
    if (error != null
        && live != null
        && !Drift.normalise(Tree.of(live)).equals(Drift.normalise(Tree.of(object)))) {
      throw error.apply(object);
    }
    Map<String, Object> result = new LinkedHashMap<>(Tree.of(object));
    Map<String, Object> meta = new LinkedHashMap<>(Tree.map(result, "metadata"));
    if (live != null) {
      meta.put("resourceVersion", live.getMetadata().getResourceVersion());
      meta.put("uid", live.getMetadata().getUid());
      if (live.get("status") != null) {
        result.put("status", live.get("status"));
      }
    }
    meta.put(
        "managedFields", List.of(Map.of("manager", "kustomize-controller", "time", "t" + version)));
    result.put("metadata", meta);
    GenericKubernetesResource out = Tree.toResource(result);
    if (dryRun) {
      dryRuns.add(ref.subject());
      return out;
    }
    writes.add(ref.subject());
    out.getMetadata().setResourceVersion(Long.toString(++version));
    if (live == null) {
      out.getMetadata().setUid("uid-" + version);
    }
    store.put(key(ref), out);
    if (ref.kind().equals("CustomResourceDefinition")) {
      String kind = Tree.string(Tree.of(out), "", "spec", "names", "kind");
      synchronized (this) {
        pendingKinds.add(kind);
      }
      Map<String, Object> withStatus = Tree.of(out);
      withStatus.put(
          "status", Map.of("conditions", List.of(Map.of("type", "Established", "status", "True"))));
      store.put(key(ref), Tree.toResource(withStatus));
    }
    return out;
  }

  final List<String> patches = Collections.synchronizedList(new ArrayList<>());

  @Override
  public String fieldManager() {
    return "kustomize-controller";
  }

  @Override
  public void patchJson(ObjectRef ref, List<Map<String, Object>> operations) {
    patches.add(ref.subject() + " " + operations);
  }

  @Override
  public boolean delete(ObjectRef ref, String propagation) {
    namespaced(ref);
    deletes.add(ref.subject() + " " + propagation);
    return store.remove(key(ref)) != null;
  }

  static KubernetesClientException invalid(String message) {
    Status status =
        new StatusBuilder().withCode(422).withReason("Invalid").withMessage(message).build();
    return new KubernetesClientException(status);
  }
}
