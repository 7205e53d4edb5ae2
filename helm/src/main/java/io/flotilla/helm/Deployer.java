package io.flotilla.helm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.apply.Action;
import io.flotilla.apply.ApplyException;
import io.flotilla.apply.ApplyOptions;
import io.flotilla.apply.ChangeSet;
import io.flotilla.apply.ChangeSetEntry;
import io.flotilla.apply.DeleteOptions;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part install, upgrade and rollback share, in Helm's order: store the pending revision, CRDs
 * from {@code crds/} by policy, the namespace if asked, pre-hooks, server-side apply of the
 * manifest (staged), deletion of what the previous revision had and this one has not, readiness,
 * post-hooks; then the revision deployed and the previous one superseded, or the revision failed.
 */
final class Deployer {
  static final String RESOURCE_POLICY = "helm.sh/resource-policy";

  private final Kube kube;
  private final ReleaseStorage storage;
  private final ResourceManager resources;
  private final HookRunner hooks;
  private final Clock clock;

  Deployer(Kube kube, ReleaseStorage storage, ResourceManager resources, Clock clock) {
    this.kube = kube;
    this.storage = storage;
    this.resources = resources;
    this.hooks = new HookRunner(kube, clock);
    this.clock = clock;
  }

  /**
   * One deployment.
   *
   * @param event {@code install}, {@code upgrade} or {@code rollback} (hook events pre-/post-)
   * @param pending the new revision, status pending-*
   * @param objects the release's objects (post-rendered, namespaces set)
   * @param crds objects of {@code crds/} (empty for a rollback)
   * @param previous the deployed revision this one replaces, or null
   * @param success the description of the deployed revision
   * @param failure formats the failed revision's description from the error
   */
  record Plan(
      String event,
      StoredRelease pending,
      List<GenericKubernetesResource> objects,
      List<Manifests.Doc> crds,
      StoredRelease previous,
      String success,
      java.util.function.Function<String, String> failure) {}

  StoredRelease deploy(Plan plan, ActionOptions o) throws ReleaseException {
    StoredRelease pending = plan.pending();
    String ns = pending.namespace();
    if (o.createNamespace()) createNamespace(ns); // before the release record, as Helm does
    storage.create(pending);
    ObjectNode json = pending.json();
    List<ObjectRef> created = new ArrayList<>();
    try {
      installCrds(plan.crds(), o.crds());
      if (!o.disableHooks()) hooks.run(json, "pre-" + plan.event(), ns, o.timeout());
      List<GenericKubernetesResource> objects =
          owned(kube.defaultNamespace(plan.objects(), ns), pending.name(), ns);
      ChangeSet applied = apply(objects, o, created);
      if (plan.previous() != null) deleteRemoved(plan.previous(), ns, applied.refs());
      if (!o.disableWait()) waitReady(applied.refs(), o);
      if (!o.disableHooks()) hooks.run(json, "post-" + plan.event(), ns, o.timeout());
    } catch (ReleaseException | HookRunner.HookFailed e) {
      fail(pending, json, plan, o, created, e.getMessage());
      throw e instanceof ReleaseException re
          ? re
          : new ReleaseException(ReleaseException.Kind.HOOK, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(pending, json, plan, o, created, "interrupted");
      throw new ReleaseException(ReleaseException.Kind.APPLY, "interrupted", e);
    }
    if (plan.previous() != null) {
      storage.update(
          plan.previous().withStatus(ReleaseStatus.SUPERSEDED, description(plan.previous())));
    }
    ObjectNode info = (ObjectNode) json.path("info");
    info.put("last_deployed", ReleaseCodec.time(clock.instant()));
    StoredRelease deployed =
        pending.withJson(json).withStatus(ReleaseStatus.DEPLOYED, plan.success());
    storage.update(deployed);
    pruneHistory(deployed, o.maxHistory());
    return deployed;
  }

  private static String description(StoredRelease r) {
    return r.json().path("info").path("description").asText("");
  }

  private void fail(
      StoredRelease pending,
      ObjectNode json,
      Plan plan,
      ActionOptions o,
      List<ObjectRef> created,
      String message)
      throws ReleaseException {
    StoredRelease failed =
        pending.withJson(json).withStatus(ReleaseStatus.FAILED, plan.failure().apply(message));
    storage.update(failed);
    if (o.cleanupOnFail() && !created.isEmpty()) {
      try {
        resources.delete(created, DeleteOptions.defaults());
      } catch (ApplyException e) {
        // the failure being reported matters more; the objects stay for the next attempt
      }
    }
  }

  /**
   * Helm's ownership marks on every released object (not on hooks, nor in the stored manifest): the
   * {@code app.kubernetes.io/managed-by: Helm} label and the {@code meta.helm.sh/release-name} and
   * {@code release-namespace} annotations, by which Helm (and this engine) adopt objects.
   */
  static List<GenericKubernetesResource> owned(
      List<GenericKubernetesResource> objects, String release, String namespace) {
    for (GenericKubernetesResource o : objects) {
      var meta = o.getMetadata();
      var labels = new java.util.LinkedHashMap<String, String>();
      if (meta.getLabels() != null) labels.putAll(meta.getLabels());
      labels.put("app.kubernetes.io/managed-by", "Helm");
      meta.setLabels(labels);
      var annotations = new java.util.LinkedHashMap<String, String>();
      if (meta.getAnnotations() != null) annotations.putAll(meta.getAnnotations());
      annotations.put("meta.helm.sh/release-name", release);
      annotations.put("meta.helm.sh/release-namespace", namespace);
      meta.setAnnotations(annotations);
    }
    return objects;
  }

  private ChangeSet apply(
      List<GenericKubernetesResource> objects, ActionOptions o, List<ObjectRef> created)
      throws ReleaseException {
    ApplyOptions ao =
        ApplyOptions.defaults()
            .withForce(o.force())
            .withOwnerLabels(o.ownerLabels())
            .withWaitTimeout(o.timeout());
    try {
      ChangeSet cs = resources.applyAllStaged(objects, ao);
      created.addAll(createdIn(cs));
      return cs;
    } catch (ApplyException e) {
      created.addAll(createdIn(e.partial()));
      throw new ReleaseException(ReleaseException.Kind.APPLY, e.getMessage(), e);
    }
  }

  private static List<ObjectRef> createdIn(ChangeSet cs) {
    return cs.entries().stream()
        .filter(e -> e.action() == Action.CREATED)
        .map(ChangeSetEntry::ref)
        .toList();
  }

  private void waitReady(List<ObjectRef> refs, ActionOptions o) throws ReleaseException {
    List<ObjectRef> watched =
        o.disableWaitForJobs()
            ? refs.stream()
                .filter(r -> !(r.kind().equals("Job") && r.group().equals("batch")))
                .toList()
            : refs;
    try {
      resources.waitForHealth(watched, o.timeout());
    } catch (ApplyException e) {
      throw new ReleaseException(ReleaseException.Kind.APPLY, e.getMessage(), e);
    }
  }

  /** Helm deletes what the previous manifest had and the new one has not, unless kept. */
  private void deleteRemoved(StoredRelease previous, String ns, List<ObjectRef> now)
      throws ReleaseException {
    Set<String> keep = new HashSet<>();
    now.forEach(r -> keep.add(r.inventoryId()));
    List<ObjectRef> stale = new ArrayList<>();
    for (GenericKubernetesResource o : objects(previous, ns)) {
      if (kept(o)) continue;
      ObjectRef r = Kube.ref(o);
      if (!keep.contains(r.inventoryId())) stale.add(r);
    }
    if (stale.isEmpty()) return;
    try {
      resources.delete(stale, DeleteOptions.defaults());
    } catch (ApplyException e) {
      throw new ReleaseException(ReleaseException.Kind.APPLY, e.getMessage(), e);
    }
  }

  /** The objects of a stored release's manifest, namespaces set. */
  List<GenericKubernetesResource> objects(StoredRelease r, String ns) throws ReleaseException {
    List<GenericKubernetesResource> out = new ArrayList<>();
    for (Manifests.Doc d : Manifests.split(r.manifest()).manifests()) out.add(d.object());
    return kube.defaultNamespace(out, ns);
  }

  static boolean kept(GenericKubernetesResource o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a != null && "keep".equals(a.get(RESOURCE_POLICY));
  }

  private void createNamespace(String ns) throws ReleaseException {
    try {
      if (kube.client().namespaces().withName(ns).get() == null) {
        kube.client()
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw new ReleaseException(
            ReleaseException.Kind.APPLY,
            "cannot create namespace '%s': %s".formatted(ns, ReleaseStorage.reason(e)),
            e);
      }
    }
  }

  /**
   * Helm installs crds/ before anything else; Create adds missing ones, CreateReplace also updates.
   */
  private void installCrds(List<Manifests.Doc> crds, ActionOptions.CrdPolicy policy)
      throws ReleaseException {
    if (crds.isEmpty() || policy == ActionOptions.CrdPolicy.SKIP) return;
    List<GenericKubernetesResource> toApply = new ArrayList<>();
    for (Manifests.Doc d : crds) {
      GenericKubernetesResource crd = d.object();
      if (policy == ActionOptions.CrdPolicy.CREATE_REPLACE || kube.get(crd) == null) {
        toApply.add(crd);
      }
    }
    if (toApply.isEmpty()) return;
    try {
      ChangeSet cs = resources.applyAllStaged(toApply, ApplyOptions.defaults());
      resources.waitForHealth(cs.refs(), Duration.ofMinutes(1));
    } catch (ApplyException e) {
      throw new ReleaseException(
          ReleaseException.Kind.APPLY, "failed to install CRD: " + e.getMessage(), e);
    }
  }

  /** Helm's history limit: the oldest revisions beyond {@code max} go, never the deployed one. */
  void pruneHistory(StoredRelease current, int max) throws ReleaseException {
    if (max <= 0) return;
    List<StoredRelease> all = storage.history(current.storage(), current.name());
    int excess = all.size() - max;
    for (int i = all.size() - 1; i >= 0 && excess > 0; i--) {
      StoredRelease r = all.get(i);
      if (r.version() == current.version() || r.status() == ReleaseStatus.DEPLOYED) continue;
      storage.delete(r.storage(), r.name(), r.version());
      excess--;
    }
  }

  /** Hooks of a rendered chart as Helm stores them. */
  static ArrayNode hooksJson(List<Manifests.Hook> hooks) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    hooks.forEach(h -> a.add(h.toJson()));
    return a;
  }
}
