package io.flotilla.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.flotilla.apply.ApplyException;
import io.flotilla.apply.DeleteOptions;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Helm's uninstall: the revision marked uninstalling, pre-delete hooks, the manifest's objects
 * deleted (those annotated {@code helm.sh/resource-policy: keep} stay) and waited for, post-delete
 * hooks, then the revision kept as uninstalled or every revision's Secret deleted.
 */
final class Uninstaller {
  private final Kube kube;
  private final ReleaseStorage storage;
  private final ResourceManager resources;
  private final HookRunner hooks;
  private final Clock clock;

  Uninstaller(
      Kube kube, ReleaseStorage storage, ResourceManager resources, HookRunner hooks, Clock clock) {
    this.kube = kube;
    this.storage = storage;
    this.resources = resources;
    this.hooks = hooks;
    this.clock = clock;
  }

  void uninstall(String storageNamespace, String name, UninstallOptions o) throws ReleaseException {
    List<StoredRelease> history = storage.history(storageNamespace, name);
    if (history.isEmpty()) {
      throw new ReleaseException(
          ReleaseException.Kind.STORAGE,
          "uninstall: Release not loaded: %s: release: not found".formatted(name));
    }
    StoredRelease last = history.get(0);
    Duration timeout = o.timeout() == null ? Duration.ofMinutes(5) : o.timeout();
    if (last.status() != ReleaseStatus.UNINSTALLED) {
      StoredRelease deleting =
          last.withStatus(ReleaseStatus.UNINSTALLING, "Deletion in progress (or silently failed)");
      storage.update(deleting);
      ObjectNode json = deleting.json();
      String ns = deleting.namespace();
      try {
        if (!o.disableHooks()) hooks.run(json, "pre-delete", ns, timeout);
        deleteObjects(deleting, ns, o, timeout);
        if (!o.disableHooks()) hooks.run(json, "post-delete", ns, timeout);
      } catch (HookRunner.HookFailed e) {
        storage.update(deleting.withJson(json));
        throw new ReleaseException(ReleaseException.Kind.HOOK, e.getMessage(), e);
      } catch (InterruptedException e) {
        throw ReleaseException.interrupted(ReleaseException.Kind.APPLY, e);
      }
      if (o.keepHistory()) {
        ObjectNode info = (ObjectNode) json.path("info");
        info.put("deleted", ReleaseCodec.time(clock.instant()));
        storage.update(
            deleting.withJson(json).withStatus(ReleaseStatus.UNINSTALLED, description(o)));
        return;
      }
    } else if (o.keepHistory()) {
      return;
    }
    for (StoredRelease r : history) storage.delete(r.storage(), r.name(), r.version());
  }

  private static String description(UninstallOptions o) {
    return o.description() == null || o.description().isEmpty()
        ? "Uninstallation complete"
        : o.description();
  }

  private void deleteObjects(StoredRelease r, String ns, UninstallOptions o, Duration timeout)
      throws ReleaseException, InterruptedException {
    List<ObjectRef> refs = new ArrayList<>();
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (Manifests.Doc d : Manifests.split(r.manifest()).manifests()) objects.add(d.object());
    for (GenericKubernetesResource obj : kube.defaultNamespace(objects, ns)) {
      if (!Deployer.kept(obj)) refs.add(Kube.ref(obj));
    }
    Collections.reverse(refs); // Helm deletes in uninstall order, the reverse of install order
    String propagation = propagation(o.deletionPropagation());
    try {
      resources.delete(refs, DeleteOptions.defaults().withPropagation(propagation));
    } catch (ApplyException e) {
      throw new ReleaseException(ReleaseException.Kind.APPLY, e.getMessage(), e);
    }
    if (o.disableWait()) return;
    for (GenericKubernetesResource obj : kube.defaultNamespace(objects, ns)) {
      if (Deployer.kept(obj)) continue;
      if (!kube.await(obj, timeout, java.util.Objects::isNull)) {
        throw new ReleaseException(
            ReleaseException.Kind.APPLY,
            "timed out waiting for %s to be deleted".formatted(Kube.ref(obj).subject()));
      }
    }
  }

  private static String propagation(String flux) throws ReleaseException {
    String p = flux == null || flux.isEmpty() ? "background" : flux.toLowerCase();
    return switch (p) {
      case "background" -> "Background";
      case "foreground" -> "Foreground";
      case "orphan" -> "Orphan";
      default ->
          throw new ReleaseException(
              ReleaseException.Kind.APPLY,
              "uninstall.deletionPropagation must be background, foreground or orphan, not '"
                  + flux
                  + "'");
    };
  }
}
